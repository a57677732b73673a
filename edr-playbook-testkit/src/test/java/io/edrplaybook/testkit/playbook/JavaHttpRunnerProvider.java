package io.edrplaybook.testkit.playbook;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptRunnerProvider;
import io.edrplaybook.spi.ScriptSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A "real" runner for these tests, found by id ({@code java-http}) with ServiceLoader: instead of
 * Python it does what the sample scripts do, a POST to the connector's host and port with its API
 * key, so that the kit's real-runner path can be tested without the Jython module.
 */
public final class JavaHttpRunnerProvider implements ScriptRunnerProvider {
  static final String ID = "java-http";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ScriptRunner create(RunnerSettings settings) {
    return new Runner(settings.getString("path", "/notify"));
  }

  private record Compiled(ScriptSource source, boolean hasTest) implements CompiledScript {
  }

  private static final class Runner implements ScriptRunner {
    private final String path;
    private final HttpClient http = HttpClient.newHttpClient();

    Runner(String path) {
      this.path = path;
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CompiledScript compile(ScriptSource source) {
      if (!source.text().contains("def run(")) {
        throw new ScriptValidationException(source.file(), 0, 0, "no top-level 'def run(ctx)'");
      }
      return new Compiled(source, false);
    }

    @Override
    @SuppressWarnings("unchecked")
    public ScriptOutcome run(CompiledScript script, ScriptCall call) {
      Map<String, Object> connector = (Map<String, Object>) call.ctx().get("connector");
      Map<String, Object> params = (Map<String, Object>) call.ctx().get("params");
      Map<String, Object> auth = (Map<String, Object>) connector.get("auth");
      Map<String, Object> event = (Map<String, Object>) call.ctx().get("event");
      URI uri = URI.create(params.getOrDefault("scheme", "https") + "://" + connector.get("host") + ":"
          + connector.get("port") + path);
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(call.timeout())
          .header("Authorization", "Bearer " + auth.getOrDefault("apiKey", ""))
          .POST(HttpRequest.BodyPublishers.ofString(String.valueOf(event.get("id")))).build();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
          return ScriptOutcome.failed(ScriptError.of("ConnectorError", "HTTP " + response.statusCode()), "", false);
        }
        return ScriptOutcome.succeeded(Map.of("message", "HTTP " + response.statusCode() + ": " + response.body()),
            "", false);
      } catch (IOException e) {
        return ScriptOutcome.failed(ScriptError.of("URLError", e.toString()), "", false);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ScriptOutcome.failed(ScriptError.of("KeyboardInterrupt", "interrupted"), "", false);
      }
    }

    @Override
    public void close() {
      // nothing held
    }
  }
}
