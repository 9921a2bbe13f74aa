package org.sanlv.fieldwork;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Development SMS: logs the code (masked number) and remembers the last code per number for tests. */
public class LoggingSmsGateway implements SmsGateway {

  private static final Logger log = LoggerFactory.getLogger(LoggingSmsGateway.class);
  private final Map<String, String> lastCodes = new ConcurrentHashMap<>();

  @Override
  public void sendCode(String phone, String code) {
    lastCodes.put(phone, code);
    log.info("SMS (logging gateway, nothing sent) to {}****{}: code {}", phone.substring(0, 3), phone.substring(7), code);
  }

  /** The last code "sent" to a number (development and tests only). */
  public String lastCode(String phone) {
    return lastCodes.get(phone);
  }
}
