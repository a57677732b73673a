package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Issue 17 item 2: a retry-after hint on the script's exception reaches the outcome. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JythonRetryAfterTest {
  private ScriptRunner runner;

  @BeforeAll
  void start() {
    runner = new JythonScriptRunnerProvider().create(RunnerSettings.empty("jython").with("poolSize", 1)
        .with("warmUp", false));
  }

  @AfterAll
  void stop() {
    runner.close();
  }

  /** Raises urllib2's HTTPError 429 with {@code Retry-After: <value>}, as urlopen does. */
  private static String http429(String value) {
    return "from urllib2 import HTTPError\n"
        + "import httplib, StringIO\n"
        + "hdrs = httplib.HTTPMessage(StringIO.StringIO('Retry-After: " + value + "\\r\\n\\r\\n'))\n"
        + "def run(ctx):\n"
        + "    raise HTTPError('https://api.example/block', 429, 'Too Many Requests', hdrs, None)\n";
  }

  private Optional<Duration> hintOf(String source) {
    ScriptOutcome o = runner.run(runner.compile(new ScriptSource("s", "scripts/s.py", source)),
        new ScriptCall(EntryPoint.RUN, Map.of(), Duration.ofSeconds(30), "retry-after-test"));
    assertEquals(ScriptOutcome.Status.FAILED, o.status(), o::toString);
    return o.retryAfter();
  }

  @Test
  void aUrllib2HttpError429WithRetryAfterSecondsCarriesTheHint() {
    assertEquals(Optional.of(Duration.ofSeconds(3)), hintOf(http429("3")));
  }

  @Test
  void aRetryAfterDateInThePastMeansNoWait() {
    assertEquals(Optional.of(Duration.ZERO), hintOf(http429("Wed, 21 Oct 2015 07:28:00 GMT")));
  }

  @Test
  void aRequestsStyleResponseHeaderAndARetryAfterAttributeAreHints() {
    assertEquals(Optional.of(Duration.ofSeconds(4)), hintOf("class Response(object):\n"
        + "    headers = {'Retry-After': '4'}\n"
        + "class HTTPError(IOError):\n"
        + "    response = Response()\n"
        + "def run(ctx):\n"
        + "    raise HTTPError('429 Client Error: Too Many Requests')\n"));
    assertEquals(Optional.of(Duration.ofMillis(2500)), hintOf("class Busy(Exception):\n"
        + "    transient = True\n"
        + "    retry_after = 2.5\n"
        + "def run(ctx):\n"
        + "    raise Busy('try later')\n"));
  }

  @Test
  void aHintOutsideZeroToOneHourOrUnreadableIsIgnored() {
    assertEquals(Optional.empty(), hintOf(http429("7200")));
    assertEquals(Optional.empty(), hintOf(http429("soon")));
    assertEquals(Optional.empty(), hintOf("class Busy(Exception):\n"
        + "    retry_after = -1\n"
        + "def run(ctx):\n"
        + "    raise Busy('try later')\n"));
    assertEquals(Optional.empty(), hintOf("def run(ctx):\n    raise ValueError('no hint')\n"));
  }
}
