package org.sanlv.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** The network of a client address, the unit the public endpoints count and hash (one household or office). */
public final class Networks {

  // an IP literal at most (IPv4 up to 15 characters, IPv6 up to 45): anything else is never resolved
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]{7,15}|[0-9A-Fa-f:.]{2,45}");

  private Networks() {}

  /**
   * The network an address belongs to, IPv4 /24 and IPv6 /48, as its kept bytes in decimal and the prefix length
   * ({@code "10.75.0./24"}); an address that is not an IP literal is returned as it is, null as null.
   */
  public static String network(String address) {
    if (address == null) {
      return null;
    }
    try {
      if (!IP_LITERAL.matcher(address).matches()) {
        return address;
      }
      byte[] bytes = InetAddress.getByName(address).getAddress();
      int keep = bytes.length == 4 ? 3 : 6;
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < keep; i++) {
        sb.append(bytes[i] & 0xff).append('.');
      }
      return sb.append('/').append(keep * 8).toString();
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
