package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 9 (runner part): the engine masks secrets by value, so the runner never cuts
 * output or a dying worker's stderr inside a value of the run's ctx.
 */
class OutputCutTest {
  private static final String SECRET = "S3cr3tT0k3nAbCdEfGhIj";

  private static Map<String, Object> ctx() {
    return Map.of("connector", Map.of("auth", Map.of("apiKey", SECRET)));
  }

  @Test
  void theOutputCapNeverCutsInsideACtxValue() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "outputCap", 100)) {
      ScriptOutcome o = Pythons.run(runner, "import sys\ndef run(ctx):\n"
          + "    sys.stdout.write('a' * 95 + ctx['connector']['auth']['apiKey'] + 'b' * 1000)\n", ctx());
      assertEquals(Status.SUCCEEDED, o.status(), o::toString);
      assertTrue(o.outputTruncated());
      assertFalse(o.output().contains(SECRET.substring(0, 5)), "a secret's prefix: " + o.output());
      assertTrue(o.output().startsWith("a".repeat(95)), o.output());
    }
  }

  @Test
  void theStderrTailOfADyingWorkerNeverStartsInsideACtxValue() {
    // the tail keeps the last 8 KiB: it would begin 5 characters into the secret
    String script = "import os\ndef run(ctx):\n"
        + "    s = ctx['connector']['auth']['apiKey'].encode('ascii')\n"
        + "    os.write(2, b'y' * 10000 + s + b'z' * (8192 - len(s) + 5))\n"
        + "    os._exit(3)\n";
    try (ScriptRunner runner = Pythons.runner("workers", 1, "pidNamespace", "off")) {
      ScriptOutcome o = Pythons.run(runner, script, ctx());
      assertEquals(Status.FAILED, o.status(), o::toString);
      String report = o.error().orElseThrow().traceback();
      assertTrue(report.contains("zzzz"), report.length() > 200 ? report.substring(0, 200) : report);
      assertFalse(report.contains(SECRET.substring(5)), "a secret's suffix in the stderr tail");
    }
  }
}
