package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.api.EngineClosedException;
import io.edrplaybook.api.ScriptError;
import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.RunnerUnavailableException;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The opt-in import check of every script of a configuration ({@link ScriptRunner#checkImports}):
 * one script after the other, each in its runner, under its action's deadline, as a run of its
 * organization. A failure is one problem at {@code actions[i].scripts[k]} that names the file and
 * line where module-level code failed (the innermost frame of its traceback).
 */
public final class ImportCheck {
  private static final Pattern FRAME = Pattern.compile("^\\s*File \"(.*)\", line (\\d+)", Pattern.MULTILINE);

  private ImportCheck() {}

  /**
   * Checks every script of {@code configuration}.
   *
   * @param masker masks secrets in what a failure says
   * @return the problems, in the configuration's order; empty when every script's module level ran
   */
  public static List<ConfigurationProblem> check(Configuration configuration, RunnerRegistry registry,
      String defaultRunner, Duration defaultTimeout, SecretMasker masker) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    List<Action> actions = configuration.actions();
    for (int i = 0; i < actions.size(); i++) {
      Action a = actions.get(i);
      for (int k = 0; k < a.scripts().size(); k++) {
        ActionScript s = a.scripts().get(k);
        String path = "actions[" + i + "].scripts[" + k + "]";
        String runnerId = s.runner().orElse(defaultRunner);
        Duration timeout = a.timeout().orElse(defaultTimeout);
        Map<String, Object> ctx = Map.of("connector", Map.of("organization", a.organization()),
            "event", Map.of("organization", a.organization()));
        try {
          ScriptRunner runner = registry.runner(runnerId);
          CompiledScript compiled = runner.compile(new ScriptSource(s.name(), s.file(), s.source()));
          Optional<ScriptError> error = runner.checkImports(compiled, new ScriptCall(EntryPoint.RUN, ctx, timeout,
              "import-check-" + UUID.randomUUID()));
          error.ifPresent(e -> problems.add(new ConfigurationProblem(path, masker.mask(describe(s.file(), e)))));
        } catch (EngineClosedException e) {
          throw e;
        } catch (UnsupportedOperationException e) {
          problems.add(new ConfigurationProblem(path, "imports not checked: " + e.getMessage()));
        } catch (RunnerUnavailableException e) {
          problems.add(new ConfigurationProblem(path, "imports not checked: runner '" + runnerId
              + "' had no interpreter free within " + timeout + ": " + e.getMessage()));
        } catch (ScriptValidationException e) {
          problems.add(ConfigurationProblem.scriptRefused(path, e));
        } catch (RuntimeException e) {
          problems.add(new ConfigurationProblem(path, "imports not checked: runner '" + runnerId + "' failed: "
              + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        }
      }
    }
    return List.copyOf(problems);
  }

  /**
   * {@code module-level code failed at /x/block.py, line 3: ImportError: No module named foo}; the
   * innermost frame, so a helper's failing import names the helper (and says which script
   * imported it).
   */
  static String describe(String file, ScriptError e) {
    Matcher m = FRAME.matcher(e.traceback());
    String where = null;
    String line = null;
    String scriptLine = null;
    while (m.find()) {
      where = m.group(1);
      line = m.group(2);
      if (where.equals(file)) {
        scriptLine = line;
      }
    }
    if (where == null) {
      return "module-level code failed in " + file + ": " + e.summary();
    }
    String via = !where.equals(file) && scriptLine != null ? " (imported from " + file + ", line " + scriptLine + ")" : "";
    return "module-level code failed at " + where + ", line " + line + via + ": " + e.summary();
  }
}
