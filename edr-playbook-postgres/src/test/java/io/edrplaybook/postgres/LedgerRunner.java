package io.edrplaybook.postgres;

import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The cluster tests' runner: a "script" is one line, {@code sleep MILLIS}. Every run writes what it
 * did to a ledger file outside the journal — {@code start MICROS KEY INVOCATION} before it works,
 * {@code end MICROS KEY INVOCATION} after — unbuffered, so a {@code kill -9} keeps what was written:
 * the test counts real executions from the ledgers, not from the journal it checks.
 */
final class LedgerRunner implements ScriptRunner {
  private final FileOutputStream ledger;

  LedgerRunner(Path ledgerFile) {
    try {
      this.ledger = new FileOutputStream(ledgerFile.toFile(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Compiled(ScriptSource source, long millis) implements CompiledScript {
    @Override
    public boolean hasTest() {
      return false;
    }
  }

  @Override
  public String id() {
    return "ledger";
  }

  @Override
  public CompiledScript compile(ScriptSource source) {
    String text = source.text().strip();
    if (!text.matches("sleep \\d+")) {
      throw new ScriptValidationException(source.file(), 1, 1, "expected: sleep MILLIS");
    }
    return new Compiled(source, Long.parseLong(text.substring(6)));
  }

  @Override
  @SuppressWarnings("unchecked")
  public ScriptOutcome run(CompiledScript script, ScriptCall call) {
    Map<String, Object> event = (Map<String, Object>) call.ctx().get("event");
    Map<String, Object> action = (Map<String, Object>) call.ctx().get("action");
    Map<String, Object> connector = (Map<String, Object>) call.ctx().get("connector");
    String key = event.get("organization") + "/" + event.get("id") + "/" + event.get("classification") + "/"
        + action.get("name") + "/" + connector.get("name");
    write("start " + micros() + " " + key + " " + call.invocationId());
    long millis = ((Compiled) script).millis();
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ScriptOutcome.failed(io.edrplaybook.api.ScriptError.of("Interrupted", "interrupted"), "", false);
      }
    }
    write("end " + micros() + " " + key + " " + call.invocationId());
    return ScriptOutcome.succeeded(Map.of("message", "ok"), "", false);
  }

  private synchronized void write(String line) {
    try {
      ledger.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  @Override
  public Duration grace() {
    return Duration.ofMillis(200);
  }

  @Override
  public void close() {
    try {
      ledger.close();
    } catch (IOException e) {
      // closing
    }
  }
}
