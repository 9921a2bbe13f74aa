package org.sanlv.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.sanlv.org.NotFound;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.InputTooLarge;
import org.sanlv.platform.Problem;
import org.springframework.stereotype.Service;

/**
 * Photos, videos and documents of the campaign (evidence of tasks, attachments of activity reports), stored once
 * and referenced by id. A file's type is sniffed from its bytes; a file whose name claims another type, or of a
 * type not allowed (SVG, HTML, anything a browser would run), is refused with nothing stored. A file belongs to an
 * area and is seen only by callers whose subtree contains it.
 */
@Service
public class CampaignFiles {

  private static final int NAME_MAX = 255;

  private final CampaignFileRepository repository;
  private final OrgService org;
  private final CampaignFileSettings settings;
  private final Clock clock;

  CampaignFiles(CampaignFileRepository repository, OrgService org, CampaignFileSettings settings, Clock clock) {
    this.repository = repository;
    this.org = org;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Stores a file of an area in the caller's scope.
   *
   * @throws InputRejected when the file is empty, of no allowed type, of another type than its name says, or a
   *     photo that does not decode
   * @throws InputTooLarge when over the limit of its kind (photo, video, document)
   * @throws OutOfScope when the area is outside the caller's subtree
   */
  public StoredFile store(Scope scope, String areaCode, String originalName, byte[] bytes) {
    String area = areaCode == null ? "" : areaCode.strip();
    if (area.isEmpty()) {
      throw new InputRejected(Problem.at(0, "area", "import.error.required"));
    }
    String path = org.pathOf(area).orElseThrow(() -> new NotFound(area));
    if (!scope.covers(path)) {
      throw new OutOfScope(area);
    }
    String name = cleanName(originalName);
    if (bytes == null || bytes.length == 0) {
      throw new InputRejected(Problem.of("campaign.file.error.empty", name));
    }
    String type = FileSniffer.sniff(bytes).orElseThrow(() -> new InputRejected(
        Problem.of("campaign.file.error.type", name)));
    Optional<String> declared = FileSniffer.declared(name);
    if (declared.isPresent() && !declared.get().equals(type)) {
      throw new InputRejected(Problem.of("campaign.file.error.mismatch", name, FileSniffer.extension(name),
          Problem.term("campaign.file.type." + FileSniffer.kind(type) + "." + type.substring(type.indexOf('/') + 1))));
    }
    long limit = limit(type);
    if (bytes.length > limit) {
      throw new InputTooLarge(limit);
    }
    byte[] thumbnail;
    try {
      thumbnail = FileSniffer.thumbnail(type, bytes).orElse(null);
    } catch (FileSniffer.Undecodable e) {
      throw new InputRejected(Problem.of("campaign.file.error.undecodable", name));
    }
    String sha = sha256(bytes);
    String dir = settings.filesDir();
    String stored = dir == null || dir.isBlank() ? null : write(Path.of(dir), sha, bytes);
    long id = repository.insert(sha, type, bytes.length, name, stored == null ? bytes : null, stored, thumbnail, area,
        scope.username(), clock.instant());
    return repository.find(id).orElseThrow().file();
  }

  /** A stored file's description; {@link NotFound} when there is none or it is outside the caller's subtree. */
  public StoredFile file(Scope scope, long id) {
    CampaignFileRepository.Placed placed = repository.find(id).orElseThrow(() -> new NotFound("file " + id));
    if (!scope.covers(placed.areaPath())) {
      throw new NotFound("file " + id); // ids are counted: outside looks like missing
    }
    return placed.file();
  }

  /** The bytes of a file, or of its thumbnail (a JPEG; {@link NotFound} when it has none). */
  public FileContent content(Scope scope, long id, boolean thumbnail) {
    file(scope, id);
    return contentOfChecked(id, thumbnail);
  }

  /**
   * The bytes of a file (or its thumbnail) for a caller whose access another module has checked: a ledger problem's
   * photo is seen by everyone who reaches the problem (the department it is assigned to, outside the file's area).
   * {@link NotFound} when there is no such file or thumbnail.
   */
  public FileContent contentOfChecked(long id, boolean thumbnail) {
    StoredFile file = repository.find(id).orElseThrow(() -> new NotFound("file " + id)).file();
    if (thumbnail && !file.hasThumbnail()) {
      throw new NotFound("thumbnail of file " + id);
    }
    CampaignFileRepository.Stored s = repository.content(id, thumbnail);
    if (thumbnail) {
      return new FileContent(file, FileSniffer.JPEG, sha256(s.thumbnail()), s.thumbnail());
    }
    byte[] bytes = s.bytes() != null ? s.bytes() : read(Path.of(s.path()));
    return new FileContent(file, file.contentType(), s.sha256(), bytes);
  }

  /** The newest files of the caller's subtree (at most {@code limit}), newest first. */
  public List<StoredFile> newest(Scope scope, int limit) {
    return repository.newestUnder(scope.path(), Math.max(1, Math.min(limit, 200)));
  }

  /** Where files of this id's area are in the tree, for the scope check of {@code {fileId}}. */
  Optional<String> pathOf(String fileId) {
    try {
      return repository.areaPath(Long.parseLong(fileId));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The kind of a type as the messages name it: photo, video or document. */
  public static String kind(String contentType) {
    return FileSniffer.kind(contentType);
  }

  /** {@link #kind(String)} for templates, which may not call static methods. */
  public String kindOf(String contentType) {
    return kind(contentType);
  }

  /** The size limit of files of this type, in bytes (for pages that check before sending). */
  public long limit(String type) {
    return (FileSniffer.isPhoto(type) ? settings.maxPhotoBytes() : FileSniffer.MP4.equals(type)
        ? settings.maxVideoBytes() : settings.maxFileBytes()).toBytes();
  }

  /** The size limit of this type as people say it ("10 MB"). */
  public String megabytes(String type) {
    return InputTooLarge.megabytes(limit(type));
  }

  /** A file's size as people read it: "35 KB", "1.2 MB". */
  public String size(long bytes) {
    if (bytes < 1024 * 1024) {
      return Math.max(1, Math.round(bytes / 1024.0)) + " KB";
    }
    return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }

  /** The name as shown and stored: its last path segment, no control characters, at most 255 characters. */
  static String cleanName(String originalName) {
    String n = originalName == null ? "" : originalName;
    n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
    n = n.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "").strip();
    if (n.isEmpty()) {
      n = "file";
    }
    if (n.codePointCount(0, n.length()) > NAME_MAX) {
      String ext = FileSniffer.extension(n);
      ext = ext.length() > 10 ? "" : ext;
      n = n.substring(0, n.offsetByCodePoints(0, NAME_MAX - ext.length())) + ext;
    }
    return n;
  }

  /** Writes the bytes as {@code dir/ab/abcdef…} (their sha256), atomically; a file already there is kept. */
  private static String write(Path dir, String sha, byte[] bytes) {
    try {
      Path folder = dir.resolve(sha.substring(0, 2));
      Files.createDirectories(folder);
      Path target = folder.resolve(sha).toAbsolutePath();
      if (Files.exists(target) && Files.size(target) == bytes.length) {
        return target.toString();
      }
      Path temp = Files.createTempFile(folder, sha, ".part");
      try {
        Files.write(temp, bytes);
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
      return target.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
