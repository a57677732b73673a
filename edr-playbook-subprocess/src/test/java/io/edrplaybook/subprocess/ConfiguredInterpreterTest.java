package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Scripts are compiled by the configured interpreter, with its own grammar and file reading. */
class ConfiguredInterpreterTest {
  private static final String PY2_PRINT = "def run(ctx):\n    print 'legacy'\n    return {'ok': True}\n";
  private static final String NON_ASCII_NO_CODING = "def run(ctx):\n    return {'t': 'Grüße'}\n";

  private static String python27() {
    Optional<String> python = Pythons.python27();
    Assumptions.assumeTrue(python.isPresent(), "skipped: no working python2.7 on PATH nor in"
        + " ~/.pyenv/versions/2.7*/bin on this machine");
    return python.get();
  }

  @Test
  void python2PrintStatementIsASyntaxErrorUnderPython3() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "interpreter", "python3")) {
      ScriptValidationException e = assertThrows(ScriptValidationException.class,
          () -> Pythons.compile(runner, "legacy.py", PY2_PRINT));
      assertEquals(2, e.line().orElse(0), e::getMessage);
    }
  }

  @Test
  void python2PrintStatementRunsUnderPython27() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "interpreter", python27())) {
      ScriptOutcome o = Pythons.run(runner, PY2_PRINT, Map.of());
      assertEquals(Map.of("ok", true), o.result().orElseThrow(), o::toString);
      assertTrue(o.output().contains("legacy"), o::output);
    }
  }

  @Test
  void nonAsciiSourceWithoutCodingLineIsRefusedUnderPython27AsByPep263() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "interpreter", python27())) {
      ScriptValidationException e = assertThrows(ScriptValidationException.class,
          () -> Pythons.compile(runner, "umlaut.py", NON_ASCII_NO_CODING));
      assertEquals(2, e.line().orElse(0), e::getMessage);
      assertTrue(e.reason().contains("no encoding declared"), e::getMessage);
      assertEquals(ScriptValidationException.ENCODING_ERROR, e.type(), e::getMessage);
    }
  }

  @Test
  void nonAsciiSourceWithoutCodingLineIsUtf8UnderPython3() {
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      assertEquals(Map.of("t", "Grüße"), Pythons.run(runner, NON_ASCII_NO_CODING, Map.of()).result().orElseThrow());
    }
  }
}
