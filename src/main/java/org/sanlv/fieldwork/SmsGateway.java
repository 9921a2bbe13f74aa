package org.sanlv.fieldwork;

/**
 * Sends a verification code by SMS. The platform ships {@link LoggingSmsGateway}, which only writes the code to
 * the log (development); a deployment provides its own bean of this type (e.g. calling Aliyun SMS or Tencent
 * Cloud SMS with an approved template) and it replaces the logging one.
 */
public interface SmsGateway {

  /**
   * Sends {@code code} to {@code phone}.
   *
   * @param phone a mainland mobile number, 11 digits
   * @param code six digits
   * @throws RuntimeException when the provider refuses; the respondent is asked to try again
   */
  void sendCode(String phone, String code);
}
