package io.edrplaybook.samples.scripts;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs one entry point of a sample script in a real Python process through
 * {@code script_driver.py}, ctx on stdin (it holds the secret: never on the command line).
 * Independent of the engine's runners on purpose.
 */
final class ScriptHarness {

  static final Path SCRIPTS = Path.of("scripts");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "script-output-reader");
    thread.setDaemon(true);
    return thread;
  });

  private ScriptHarness() { }

  static DriverResult run(Python python, String script, String entry, Map<String, Object> ctx) {
    String executable = python.executable();
    Path file = SCRIPTS.resolve(script);
    assertTrue(Files.isRegularFile(file), () -> "no script at " + file.toAbsolutePath());
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(python.flags());
    command.add(driver().toString());
    command.add(file.toString());
    command.add(entry);
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("PYTHONIOENCODING", "utf-8"); // Python 2.7 writing unicode to a pipe
      Process process = builder.start();
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), READERS);
      CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), READERS);
      try (OutputStream in = process.getOutputStream()) {
        in.write(JSON.writeValueAsBytes(ctx));
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(python + " " + script + " " + entry + " did not finish within 60 s: " + stderr.getNow(""));
      }
      String out = stdout.get();
      String err = stderr.get();
      String last = out.strip().lines().reduce((a, b) -> b).orElse("");
      if (process.exitValue() != 0 || last.isEmpty()) {
        fail(python + " driver exited " + process.exitValue() + " without an answer:\n" + out + err);
      }
      JsonNode answer = JSON.readTree(last);
      return new DriverResult(answer, out + err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static Path driver() {
    try {
      return Path.of(ScriptHarness.class.getResource("script_driver.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readAll(java.io.InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
