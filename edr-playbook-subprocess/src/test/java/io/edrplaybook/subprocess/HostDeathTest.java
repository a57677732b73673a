package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 11 item 4: workers die with their host, even one killed with SIGKILL. */
class HostDeathTest {

  @ParameterizedTest
  @ValueSource(strings = {"auto", "off"})
  void aHostKilledWithSigkillLeavesNoWorkerBehind(String pidNamespace) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process host = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        HostProcess.class.getName(), pidNamespace)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<Long> pids;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(),
          StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (java.io.IOException e) {
          return null;
        }
      }).get(60, TimeUnit.SECONDS);
      assertTrue(line != null && line.startsWith("READY "), "host said: " + line);
      pids = Arrays.stream(line.substring(6).trim().split(" ")).filter(s -> !s.isEmpty())
          .map(Long::parseLong).toList();
      assertTrue(pids.size() >= 1, "the host's workers: " + pids);
    } finally {
      host.destroyForcibly();  // SIGKILL: no shutdown hook runs
    }
    assertTrue(host.waitFor(10, TimeUnit.SECONDS));
    assertEquals(List.of(), pids.stream().filter(pid -> !Pythons.gone(pid)).toList(),
        "processes that outlived their host");
  }
}
