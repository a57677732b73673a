package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.RunnerUnavailableException;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Jython-specific behaviour beyond the conformance kit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JythonRunnerTest {
  private static final Duration NORMAL = Duration.ofSeconds(30);

  @TempDir
  static Path libraries;
  private ScriptRunner runner;

  @BeforeAll
  void start() throws IOException {
    Files.writeString(libraries.resolve("edr_helpers.py"), "def greet(name):\n    return u'hello ' + name\n");
    runner = new JythonScriptRunnerProvider().create(RunnerSettings.empty("jython")
        .with("poolSize", 1).with("warmUp", false).with("pythonPath", List.of(libraries.toString())));
  }

  @AfterAll
  void stop() {
    runner.close();
  }

  private ScriptOutcome run(String source, EntryPoint entry, Map<String, Object> ctx) {
    CompiledScript script = runner.compile(new ScriptSource("s", "scripts/s.py", source));
    return runner.run(script, new ScriptCall(entry, ctx, NORMAL, "runner-test"));
  }

  @Test
  void pythonPathEntriesAreImportable() {
    ScriptOutcome outcome = run("import edr_helpers\ndef run(ctx):\n    return {'g': edr_helpers.greet(u'soc')}\n",
        EntryPoint.RUN, Map.of());
    assertEquals(Map.of("g", "hello soc"), outcome.result().orElseThrow(), outcome::toString);
  }

  @Test
  void ctxHoldsPythonValuesNeverJavaObjects() {
    ScriptOutcome outcome = run("def run(ctx):\n    return {'types': [type(ctx).__name__,"
        + " type(ctx['l']).__name__, type(ctx['m']).__name__, type(ctx['s']).__name__]}\n",
        EntryPoint.RUN, Map.of("l", List.of(1), "m", Map.of("k", "v"), "s", "text"));
    assertEquals(Map.of("types", List.of("dict", "list", "dict", "unicode")), outcome.result().orElseThrow());
  }

  @Test
  void ctxDictsAnswerLookupsAsAPlainDictDoes() {
    // the probes run on ctx before anything changes or walks it, then on a plain dict copy
    String source = String.join("\n",
        "# -*- coding: utf-8 -*-",
        "PROBES = ['event', u'event', 'Gr\\xc3\\xbc\\xc3\\x9fe', u'Gr\\xfc\\xdfe', 'Gr\\xfc\\xdfe', 7, None, 'missing']",
        "def answers(d):",
        "    return [[k in d, d.get(k, 'absent') if k != 'event' and k != u'event' else 'dict'] for k in PROBES]",
        "def run(ctx):",
        "    before = answers(ctx)",
        "    nested = ctx['event']",
        "    same_object = ctx['event'] is nested and ctx[u'event'] is nested",
        "    plain = {}",
        "    for k, v in ctx.items():",
        "        plain[k] = v",
        "    ctx['added'] = 1",
        "    return {'ctx': before, 'plain': answers(plain), 'same': same_object,",
        "            'still_same': ctx['event'] is nested, 'types': [type(ctx).__name__, type(nested).__name__],",
        "            'len': len(ctx), 'equal': dict(ctx) == dict(plain, added=1)}",
        "");
    Map<String, Object> ctx = Map.of("event", Map.of("id", "e-1"), "Grüße", "non-ascii", "7", "seven");
    Map<String, Object> result = run(source, EntryPoint.RUN, ctx).result().orElseThrow();
    assertEquals(result.get("plain"), result.get("ctx"));
    assertEquals(Map.of("plain", result.get("plain"), "ctx", result.get("ctx"), "same", true, "still_same", true,
        "types", List.of("dict", "dict"), "len", 4L, "equal", true), result);
  }

  @Test
  void ctxWorksWithTheStandardLibrarysDictTools() {
    // each tool gets a dict of its own that nothing read or changed before
    String source = String.join("\n",
        "import copy, json, pickle, collections",
        "PLAIN = {u'a': 1, u'b': [2, 3]}",
        "def run(ctx):",
        "    return {'json': json.loads(json.dumps(ctx['json'])) == PLAIN,",
        "            'sorted_json': json.dumps(ctx['sorted_json'], sort_keys=True) == '{\"a\": 1, \"b\": [2, 3]}',",
        "            'deepcopy': copy.deepcopy(ctx['deepcopy']) == PLAIN, 'copy': ctx['copy'].copy() == PLAIN,",
        "            'pickle': pickle.loads(pickle.dumps(ctx['pickle'])) == PLAIN,",
        "            'items': sorted(ctx['items'].items()) == [(u'a', 1), (u'b', [2, 3])],",
        "            'has_key': ctx['has_key'].has_key('a') and not ctx['has_key'].has_key('x'),",
        "            'unhashable': not isinstance(ctx['unhashable'], collections.Hashable),",
        "            'cmp': cmp(ctx['cmp'], {'a': 1, 'b': [2, 3]}) == 0,",
        "            'equal': ctx['equal'] == PLAIN and PLAIN == ctx['equal'],",
        "            'keys': sorted(ctx['keys']) == [u'a', u'b'] and len(ctx['keys']) == 2}",
        "");
    Map<String, Object> m = Map.of("a", 1, "b", List.of(2, 3));
    List<String> tools = List.of("json", "sorted_json", "deepcopy", "copy", "pickle", "items", "has_key",
        "unhashable", "cmp", "equal", "keys");
    Map<String, Object> ctx = new java.util.LinkedHashMap<>();
    Map<String, Object> expected = new java.util.LinkedHashMap<>();
    tools.forEach(t -> {
      ctx.put(t, m);
      expected.put(t, true);
    });
    ScriptOutcome outcome = run(source, EntryPoint.RUN, ctx);
    assertEquals(expected, outcome.result().orElseThrow(), outcome::toString);
  }

  @Test
  void testEntryPointSetsTheTestFlagInCtx() {
    ScriptOutcome outcome = run("def run(ctx):\n    return {'test': ctx['test']}\n", EntryPoint.TEST,
        Map.of("test", false));
    assertEquals(Map.of("test", true), outcome.result().orElseThrow());
  }

  @Test
  void compilingTheSameFileAndTextTwiceReusesTheCompiledCode() {
    ScriptSource source = new ScriptSource("c", "scripts/c.py", "def run(ctx):\n    return None\n");
    assertSame(runner.compile(source), runner.compile(source));
  }

  @Test
  void closingTheRunnerEndsTheRunInFlightAndRefusesNewOnes() throws Exception {
    ScriptRunner own = new JythonScriptRunnerProvider().create(RunnerSettings.empty("jython")
        .with("poolSize", 1).with("warmUp", false));
    CompiledScript spin = own.compile(new ScriptSource("spin", "scripts/spin.py",
        "import sys\ndef run(ctx):\n    sys.stdout.write('started\\n')\n    while True:\n        pass\n"));
    CompiledScript started = own.compile(new ScriptSource("ok", "scripts/ok.py", "def run(ctx):\n    return None\n"));
    CompletableFuture<ScriptOutcome> inFlight = CompletableFuture.supplyAsync(
        () -> own.run(spin, new ScriptCall(EntryPoint.RUN, Map.of(), Duration.ofMinutes(5), "in-flight")));
    waitUntilTheSlotIsBusy(own, started);
    own.close();
    assertEquals(Status.FAILED, inFlight.get().status(), () -> inFlight.join().toString());
    assertThrows(RunnerUnavailableException.class,
        () -> own.run(started, new ScriptCall(EntryPoint.RUN, Map.of(), NORMAL, "after-close")));
  }

  /** With one slot, a call with a tiny timeout is refused exactly while the spin holds the slot. */
  private static void waitUntilTheSlotIsBusy(ScriptRunner own, CompiledScript probe) {
    while (true) {
      try {
        own.run(probe, new ScriptCall(EntryPoint.RUN, Map.of(), Duration.ofMillis(1), "probe"));
      } catch (RunnerUnavailableException busy) {
        return;
      }
    }
  }
}
