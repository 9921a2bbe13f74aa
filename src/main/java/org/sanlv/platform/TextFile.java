package org.sanlv.platform;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes an uploaded text file. UTF-8 is expected; files saved by Excel on a Chinese Windows are GBK, so a
 * file that is not valid UTF-8 but is valid GBK is read as GBK and says so, and anything else is refused
 * with the line of the first bad byte.
 */
public record TextFile(String text, Charset charset) {

  private static final Charset GBK = Charset.forName("GBK");

  public boolean wasGbk() {
    return charset.equals(GBK);
  }

  public static TextFile decode(byte[] bytes) {
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    ByteBuffer buffer = ByteBuffer.wrap(bytes, start, bytes.length - start);
    try {
      return new TextFile(strict(StandardCharsets.UTF_8).decode(buffer).toString(), StandardCharsets.UTF_8);
    } catch (CharacterCodingException notUtf8) {
      try {
        return new TextFile(strict(GBK).decode(ByteBuffer.wrap(bytes)).toString(), GBK);
      } catch (CharacterCodingException notGbk) {
        throw new InputRejected(Problem.at(lineOfFirstInvalidUtf8(bytes), null, "import.error.encoding"));
      }
    }
  }

  private static java.nio.charset.CharsetDecoder strict(Charset charset) {
    return charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static int lineOfFirstInvalidUtf8(byte[] bytes) {
    var decoder = strict(StandardCharsets.UTF_8);
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        try {
          decoder.decode(ByteBuffer.wrap(bytes, lineStart, i - lineStart));
        } catch (CharacterCodingException e) {
          return line;
        }
        line++;
        lineStart = i + 1;
      }
    }
    return line;
  }
}
