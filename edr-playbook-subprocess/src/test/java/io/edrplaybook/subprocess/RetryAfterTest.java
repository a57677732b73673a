package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** Issue 17 item 2: a retry-after hint on the script's exception reaches the outcome. */
class RetryAfterTest {
  /** Raises the standard library's HTTPError 429 with {@code Retry-After: <value>}, on 2.7 and 3. */
  static String http429(String value) {
    return "try:\n"
        + "    from urllib2 import HTTPError\n"
        + "    import httplib, StringIO\n"
        + "    hdrs = httplib.HTTPMessage(StringIO.StringIO('Retry-After: " + value + "\\r\\n\\r\\n'))\n"
        + "except ImportError:\n"
        + "    from urllib.error import HTTPError\n"
        + "    import email.message\n"
        + "    hdrs = email.message.Message()\n"
        + "    hdrs['Retry-After'] = '" + value + "'\n"
        + "def run(ctx):\n"
        + "    raise HTTPError('https://api.example/block', 429, 'Too Many Requests', hdrs, None)\n";
  }

  private static Optional<Duration> hintOf(ScriptRunner runner, String script) {
    ScriptOutcome o = Pythons.run(runner, script, Map.of());
    assertEquals(ScriptOutcome.Status.FAILED, o.status(), o::toString);
    return o.retryAfter();
  }

  @Test
  void anHttpError429WithRetryAfterSecondsCarriesTheHint() {
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      assertEquals(Optional.of(Duration.ofSeconds(3)), hintOf(runner, http429("3")));
    }
  }

  @Test
  @EnabledIf(value = "io.edrplaybook.subprocess.Pythons#hasPython27", disabledReason = "skipped: needs a working"
      + " python2.7 on PATH or in ~/.pyenv/versions/2.7*/bin, and this machine has none")
  void aUrllib2HttpError429WithRetryAfterCarriesTheHintOnPython27() {
    try (ScriptRunner runner = Pythons.runner("interpreter", Pythons.python27().orElseThrow(), "workers", 1)) {
      assertEquals(Optional.of(Duration.ofSeconds(3)), hintOf(runner, http429("3")));
    }
  }

  @Test
  void aRetryAfterDateInThePastMeansNoWait() {
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      assertEquals(Optional.of(Duration.ZERO), hintOf(runner, http429("Wed, 21 Oct 2015 07:28:00 GMT")));
    }
  }

  @Test
  void aRequestsStyleResponseHeaderAndARetryAfterAttributeAreHints() {
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      assertEquals(Optional.of(Duration.ofSeconds(4)), hintOf(runner, "class Response(object):\n"
          + "    headers = {'Retry-After': '4'}\n"
          + "class HTTPError(IOError):\n"
          + "    response = Response()\n"
          + "def run(ctx):\n"
          + "    raise HTTPError('429 Client Error: Too Many Requests')\n"));
      assertEquals(Optional.of(Duration.ofMillis(2500)), hintOf(runner, "class Busy(Exception):\n"
          + "    transient = True\n"
          + "    retry_after = 2.5\n"
          + "def run(ctx):\n"
          + "    raise Busy('try later')\n"));
    }
  }

  @Test
  void aHintOutsideZeroToOneHourOrUnreadableIsIgnored() {
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      assertEquals(Optional.empty(), hintOf(runner, http429("7200")));
      assertEquals(Optional.empty(), hintOf(runner, http429("soon")));
      assertEquals(Optional.empty(), hintOf(runner, "class Busy(Exception):\n"
          + "    retry_after = -1\n"
          + "def run(ctx):\n"
          + "    raise Busy('try later')\n"));
      assertEquals(Optional.empty(), hintOf(runner, "def run(ctx):\n    raise ValueError('no hint')\n"));
    }
  }
}
