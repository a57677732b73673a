package io.edrplaybook.benchmarks.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The fallback baseline when the cpython runner has no ISOLATED mode: {@code python3 -I -S} started
 * for every run with a small bootstrap that reads the source and ctx as JSON from stdin, runs the
 * script in fresh globals and prints the result as JSON. What the peers do, without the runner.
 */
public final class DirectSpawn {
  private static final String BOOTSTRAP = String.join("\n",
      "import sys, json",
      "req = json.loads(sys.stdin.read())",
      "g = {'__name__': '__action__'}",
      "exec(compile(req['source'], req['file'], 'exec'), g)",
      "sys.stdout.write(json.dumps(g['run'](req['ctx']), allow_nan=False))");

  private final String interpreter;
  private final byte[] request;

  /** Runs {@code source} with {@code ctx} (JSON-like values) on {@code interpreter} per call. */
  public DirectSpawn(String interpreter, String source, Map<String, Object> ctx) {
    this.interpreter = interpreter;
    try {
      this.request = new ObjectMapper().writeValueAsBytes(Map.of("file", "notify.py", "source", source, "ctx", ctx));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the ctx is not JSON-like: " + e.getOriginalMessage(), e);
    }
  }

  /** Starts a process, runs one call, returns its stdout. */
  public String run() {
    try {
      Process p = new ProcessBuilder(interpreter, "-I", "-S", "-c", BOOTSTRAP)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(request);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream s = p.getInputStream()) {
        s.transferTo(out);
      }
      int rc = p.waitFor();
      if (rc != 0) {
        throw new IllegalStateException(interpreter + " exited with " + rc);
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + interpreter + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
