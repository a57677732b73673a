package io.edrplaybook.benchmarks.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A realistic run: the script a ported firewall action is (standard library only, Python 2.7 and
 * 3): it builds a JSON request from ctx, POSTs it with {@code urllib} to an HTTP endpoint with a
 * bearer token, parses the JSON answer and returns a result. The endpoint is a JDK
 * {@link HttpServer} on 127.0.0.1 in this JVM that parses the request and answers JSON. Timed,
 * one caller, batches alternating: the {@code jython} runner (warm), the {@code cpython} runner
 * pooled (one warm worker), and a fresh interpreter per run the way peers run actions:
 * {@code python3 action.py} with ctx on stdin and the result on stdout. Also reported: the first
 * 50 runs of each runner right after it was created (cold), and the Jython runner's start
 * (create, compile, first run).
 */
public final class RealHttpMeasure {
  /** The action script, as a user ports it: urllib2 / urllib.request, json, no helper library. */
  static final String SCRIPT = String.join("\n",
      "import json",
      "try:",
      "    from urllib.request import Request, build_opener, ProxyHandler",
      "except ImportError:",
      "    from urllib2 import Request, build_opener, ProxyHandler",
      "",
      "",
      "def run(ctx):",
      "    connector = ctx['connector']",
      "    device = ctx['event']['device']",
      "    body = json.dumps({'address': device['address'], 'device': device['name'],",
      "                       'event': ctx['event']['id'], 'classification': ctx['event']['classification'],",
      "                       'comment': 'blocked by edr-playbook'}).encode('utf-8')",
      "    url = 'http://%s:%s/api/v1/block' % (connector['host'], connector['port'])",
      "    request = Request(url, data=body, headers={'Content-Type': 'application/json',",
      "                                               'Authorization': 'Bearer ' + connector['auth']['apiKey']})",
      "    # no proxy: the endpoint is local (a real script would take the environment's)",
      "    response = build_opener(ProxyHandler({})).open(request, timeout=10)",
      "    try:",
      "        answer = json.loads(response.read().decode('utf-8'))",
      "    finally:",
      "        response.close()",
      "    if not answer.get('ok'):",
      "        raise RuntimeError('the firewall refused: %s' % answer)",
      "    return {'message': 'blocked %s (rule %s)' % (answer['blocked'], answer['rule']), 'rule': answer['rule']}",
      "");
  /** What {@code python3 action.py} adds to the script: ctx from stdin, the result to stdout. */
  private static final String MAIN = String.join("\n",
      "",
      "if __name__ == '__main__':",
      "    import sys",
      "    sys.stdout.write(json.dumps(run(json.loads(sys.stdin.read()))))",
      "");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int COLD = 50;

  private RealHttpMeasure() {}

  /** Runs the measure into {@code table}. */
  public static void run(boolean quick, Table table) throws Exception {
    AtomicLong requests = new AtomicLong();
    HttpServer server = FakeFirewall.start(requests, apiKey());
    Map<String, Object> ctx = context(server.getAddress().getPort());
    ScriptCall call = new ScriptCall(EntryPoint.RUN, ctx, Duration.ofSeconds(30), "inv-1");
    ScriptSource source = new ScriptSource("block", "block_address.py", SCRIPT);
    Path dir = Files.createTempDirectory("edr-bench-http");
    Path file = dir.resolve("block_address.py");
    Files.writeString(file, SCRIPT + MAIN);
    byte[] stdin = JSON.writeValueAsBytes(ctx);
    Optional<ScriptRunner> jython = Optional.empty();
    Optional<ScriptRunner> pooled = Optional.empty();
    try {
      long t0 = System.nanoTime();
      jython = Runners.create("jython", Map.of("poolSize", 1));
      Supplier<Object> j = jython.map(r -> caller(r, source, call)).orElse(null);
      if (j != null) {
        j.get();
        table.key("real_http_jython_start_ms", (System.nanoTime() - t0) / 1e6);
      }
      Samples jCold = cold(j);
      pooled = Runners.create("cpython", Map.of("mode", "POOLED", "workers", 1));
      Supplier<Object> p = pooled.map(r -> caller(r, source, call)).orElse(null);
      Samples pCold = cold(p);
      Supplier<Object> fresh = () -> FakeFirewall.python3(file, stdin);
      fresh.get();

      int warm = quick ? 300 : 1_000;
      for (int i = 0; i < warm; i++) {
        run(j);
        run(p);
      }
      Samples js = new Samples();
      Samples ps = new Samples();
      Samples fs = new Samples();
      int rounds = quick ? 6 : 20;
      for (int r = 0; r < rounds; r++) {
        time(j, 40, js);
        time(p, 40, ps);
        time(fresh, 4, fs);
      }
      if (requests.get() == 0) {
        throw new IllegalStateException("the endpoint received no request");
      }
      String note = "POST JSON to 127.0.0.1, parse the JSON answer";
      if (j != null) {
        table.latency("real http: jython runner, warm", js, Table.num(fs.median() / js.median()), note);
        table.latency("real http: jython runner, first " + COLD + " runs", jCold, "", "right after build");
      }
      if (p != null) {
        table.latency("real http: cpython runner POOLED, warm", ps, Table.num(fs.median() / ps.median()), note);
        table.latency("real http: cpython runner POOLED, first " + COLD + " runs", pCold, "", "right after build");
      }
      table.latency("real http: python3 action.py per run", fs, "1", "fresh interpreter, site imported");
      table.key("real_http_jython_ms_p50", j == null ? Double.NaN : js.median() / 1e6);
      table.key("real_http_jython_ms_p99", j == null ? Double.NaN : js.p99() / 1e6);
      table.key("real_http_jython_cold_ms_p50", j == null ? Double.NaN : jCold.median() / 1e6);
      table.key("real_http_cpython_pooled_ms_p50", p == null ? Double.NaN : ps.median() / 1e6);
      table.key("real_http_cpython_pooled_ms_p99", p == null ? Double.NaN : ps.p99() / 1e6);
      table.key("real_http_cpython_pooled_cold_ms_p50", p == null ? Double.NaN : pCold.median() / 1e6);
      table.key("real_http_fresh_interpreter_ms_p50", fs.median() / 1e6);
      table.key("real_http_fresh_interpreter_ms_p99", fs.p99() / 1e6);
    } finally {
      jython.ifPresent(ScriptRunner::close);
      pooled.ifPresent(ScriptRunner::close);
      FakeFirewall.stop(server);
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  @SuppressWarnings("unchecked")
  private static String apiKey() {
    Map<String, Object> connector = (Map<String, Object>) Workloads.context("inv-1").get("connector");
    return String.valueOf(((Map<String, Object>) connector.get("auth")).get("apiKey"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> context(int port) {
    Map<String, Object> ctx = new LinkedHashMap<>(Workloads.context("inv-1"));
    Map<String, Object> connector = new LinkedHashMap<>((Map<String, Object>) ctx.get("connector"));
    connector.put("host", "127.0.0.1");
    connector.put("port", port);
    ctx.put("connector", connector);
    return ctx;
  }

  private static Supplier<Object> caller(ScriptRunner runner, ScriptSource source, ScriptCall call) {
    CompiledScript script = runner.compile(source);
    return () -> {
      ScriptOutcome o = runner.run(script, call);
      JythonMeasure.check(o);
      return o;
    };
  }

  private static Samples cold(Supplier<Object> s) {
    Samples out = new Samples();
    if (s != null) {
      time(s, COLD, out);
    }
    return out;
  }

  private static void run(Supplier<Object> s) {
    if (s != null) {
      s.get();
    }
  }

  private static void time(Supplier<Object> s, int n, Samples into) {
    if (s == null) {
      return;
    }
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      s.get();
      into.add(System.nanoTime() - t0);
    }
  }
}
