package org.sanlv.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser: real HTTP against the test server, with its own cookie jar (so a sign-in gives it a
 * session in spring_session, as a browser would have) and the CSRF token of the last page it read.
 */
public final class SiteClient {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private final int port;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient http;
  private String csrf;

  public SiteClient(int port) {
    this.port = port;
    this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Signs in with the form, as a person would; returns the answer to the form post. */
  public HttpResponse<String> signIn(String username, String password) {
    get("/login");
    return post("/login", Map.of("username", username, "password", password));
  }

  public HttpResponse<String> get(String path, String... headers) {
    HttpResponse<String> r = send(request(path, headers).GET().build());
    Matcher m = CSRF.matcher(r.body());
    if (m.find()) {
      csrf = m.group(1);
    }
    return r;
  }

  /** A form post carrying the CSRF token of the last page read. */
  public HttpResponse<String> post(String path, Map<String, String> form, String... headers) {
    Map<String, String> fields = new LinkedHashMap<>(form);
    if (csrf != null) {
      fields.putIfAbsent("_csrf", csrf);
    }
    return postWithoutToken(path, fields, headers);
  }

  public HttpResponse<String> postWithoutToken(String path, Map<String, String> form, String... headers) {
    String body = form.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public HttpResponse<String> postJson(String path, String json, String... headers) {
    return send(request(path, headers).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /** The value of a cookie the server set, or null. */
  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
  }

  public static String basic(String username, String password) {
    return "Basic " + java.util.Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(60));
    boolean accept = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
      accept |= headers[i].equalsIgnoreCase("Accept");
    }
    if (!accept) {
      b.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"); // as a browser asks
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A raw HTTP/1.1 answer: status, headers (lower-case names) and body. */
  public record RawResponse(int status, Map<String, String> headers, String body) {}

  /**
   * One HTTP/1.1 request over a socket bound to a chosen loopback address ({@code 127.0.1.7}…), so the server sees
   * it come from another network than the rest of the tests (127.0.0.1). java.net.http on JDK 17 cannot bind.
   */
  public static RawResponse rawRequest(String fromAddress, int port, String method, String path,
      List<String> headers, String body) throws IOException {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(fromAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(120_000);
      StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port
          + "\r\nConnection: close\r\n");
      for (String h : headers) {
        head.append(h).append("\r\n");
      }
      if (body != null) {
        head.append("Content-Length: ").append(content.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      InputStream in = socket.getInputStream();
      String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = raw.indexOf("\r\n\r\n");
      String[] lines = raw.substring(0, split < 0 ? raw.length() : split).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> map = new LinkedHashMap<>();
      List<String> rest = new ArrayList<>(List.of(lines).subList(1, lines.length));
      for (String line : rest) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          map.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
      }
      return new RawResponse(status, map, split < 0 ? "" : raw.substring(split + 4));
    }
  }
}
