package io.edrplaybook.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.api.ScriptError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 17 item 2: the usual HTTP, socket and SMTP failures are recognised as transient, others not. */
class TransientErrorsTest {

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "HTTPError | HTTP Error 429: Too Many Requests | true",
      "HTTPError | HTTP Error 503: Service Unavailable | true",
      "HTTPError | HTTP Error 500: Internal Server Error | true",
      "HTTPError | HTTP Error 404: Not Found | false",
      "HTTPError | HTTP Error 401: Unauthorized | false",
      "HTTPError | 429 Client Error: Too Many Requests for url: https://api.example/x | true",
      "HTTPError | 502 Server Error: Bad Gateway for url: https://api.example/x | true",
      "HTTPError | 403 Client Error: Forbidden for url: https://api.example/x | false",
      "URLError | <urlopen error [Errno 111] Connection refused> | true",
      "timeout | timed out | true",
      "TimeoutError | The read operation timed out | true",
      "ReadTimeout | HTTPSConnectionPool(host='x', port=443): Read timed out. (read timeout=10) | true",
      "ConnectionError | HTTPSConnectionPool(host='x', port=443): Max retries exceeded | true",
      "ConnectionRefusedError | [Errno 111] Connection refused | true",
      "error | [Errno 104] Connection reset by peer | true",
      "error | [Errno 2] No such file or directory | false",
      "SMTPSenderRefused | (451, b'4.3.0 try again later', 'soc@acme.example') | true",
      "SMTPDataError | (554, b'5.7.1 rejected') | false",
      "SMTPResponseException | (421, 'Service not available') | true",
      "SMTPAuthenticationError | (535, b'5.7.8 Authentication credentials invalid') | false",
      "ValueError | HTTP Error 429: Too Many Requests | false",
      "KeyError | 'address' | false",
  })
  void recognisesTheTableAndNothingElse(String type, String message, boolean expected) {
    assertEquals(expected, TransientErrors.recognised(ScriptError.of(type, message)));
  }
}
