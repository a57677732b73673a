package io.edrplaybook.benchmarks.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

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

  /** Runs {@code source} with {@code ctxJson} (a JSON object) on {@code interpreter} per call. */
  public DirectSpawn(String interpreter, String source, String ctxJson) {
    this.interpreter = interpreter;
    this.request = ("{\"file\": \"notify.py\", \"source\": " + jsonString(source) + ", \"ctx\": " + ctxJson + "}")
        .getBytes(StandardCharsets.UTF_8);
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

  /** Writes {@code s} as a JSON string. */
  static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
