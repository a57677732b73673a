package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Secrets and the event reach the worker only inside frames: never argv, never environment. */
class SecretsTest {
  private static final String SECRET = "hunter2-api-key-7f3a";
  private static final String SCRIPT = "import os, sys\ndef run(ctx):\n"
      + "    def read(name):\n        with open('/proc/self/' + name, 'rb') as f:\n"
      + "            return f.read().decode('utf-8', 'replace')\n"
      + "    return {'pid': os.getpid(), 'argv': sys.argv, 'environ': dict(os.environ),\n"
      + "            'cmdline': read('cmdline'), 'procenv': read('environ'),\n"
      + "            'seen': ctx['connector']['auth']['apiKey'] == ctx['expected']}\n";

  private static Map<String, Object> ctx() {
    return Map.of("connector", Map.of("auth", Map.of("type", "apiKey", "apiKey", SECRET)),
        "expected", SECRET, "event", Map.of("id", "ev-secret-event-1"));
  }

  @Test
  void secretReachesTheScriptOnlyThroughCtx() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "pidNamespace", "off")) {
      Map<String, Object> r = Pythons.run(runner, SCRIPT, ctx()).result().orElseThrow();
      assertEquals(true, r.get("seen"));
      for (String key : new String[] {"argv", "environ", "cmdline", "procenv"}) {
        assertFalse(String.valueOf(r.get(key)).contains(SECRET), key + " holds the secret: " + r.get(key));
        assertFalse(String.valueOf(r.get(key)).contains("ev-secret-event-1"), key + " holds the event");
      }
    }
  }

  @Test
  void workerProcessHasNeitherSecretNorEventInItsCommandLineOrEnvironment() throws IOException {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "pidNamespace", "off")) {
      ScriptOutcome o = Pythons.run(runner, SCRIPT, ctx());
      long pid = ((Number) o.result().orElseThrow().get("pid")).longValue();
      // the pooled worker lives on: read what the OS shows of it from outside
      for (String file : new String[] {"cmdline", "environ"}) {
        String seen = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), file)),
            StandardCharsets.UTF_8);
        assertFalse(seen.contains(SECRET), file + " of worker " + pid + " holds the secret");
        assertFalse(seen.contains("ev-secret-event-1"), file + " of worker " + pid + " holds the event");
      }
    }
  }

  @Test
  void workerEnvironmentIsMinimalPlusTheConfiguredExtras() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "environment", Map.of("EXTRA_SETTING", "x"))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> env = (Map<String, Object>) Pythons.run(runner, SCRIPT, ctx()).result()
          .orElseThrow().get("environ");
      Set<String> allowed = Set.of("PATH", "HOME", "TMPDIR", "LANG", "LC_CTYPE", "TZ", "EXTRA_SETTING");
      Set<String> extra = env.keySet().stream().filter(k -> !allowed.contains(k)).collect(Collectors.toSet());
      assertEquals(Set.of(), extra, "inherited from the host: " + extra);
      assertEquals("x", env.get("EXTRA_SETTING"));
    }
  }

  @Test
  void commandLineIsTheInterpreterItsFlagsAndTheBootstrapOnly() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "pidNamespace", "off")) {
      String cmdline = (String) Pythons.run(runner, SCRIPT, ctx()).result().orElseThrow().get("cmdline");
      String[] args = cmdline.split("\0");
      // interpreter, flags, then -c with the loader, and the bootstrap's source (no file to rewrite)
      assertTrue(args[args.length - 1].contains("def _edr_worker():"), "bootstrap source last");
      assertTrue(args[args.length - 2].contains("<edr-playbook-worker>"), args[args.length - 2]);
      assertEquals("-c", args[args.length - 3]);
      assertTrue(Arrays.stream(args).skip(1).limit(args.length - 3L).allMatch(a -> a.startsWith("-")),
          Arrays.toString(Arrays.copyOf(args, args.length - 1)));
    }
  }
}
