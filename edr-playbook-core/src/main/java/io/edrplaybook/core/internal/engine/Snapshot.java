package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionBinding;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.NoSuchRunnerException;
import io.edrplaybook.api.PlannedInvocation;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookRule;
import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.api.internal.Problems;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A configuration compiled for evaluation: every script compiled by its runner, every playbook
 * row resolved per classification to its connectors. Immutable once built; the engine swaps
 * snapshots atomically, so an evaluation sees one configuration whole.
 */
public final class Snapshot {
  private final Configuration configuration;
  private final SecretMasker masker;
  private final Map<String, OrgIndex> organizations;
  private final Map<String, Map<String, Target>> targetsByAction;

  /** Everything an evaluation needs, precomputed: selections by collector group, and the fallback. */
  private record OrgIndex(Map<String, EnumMap<Classification, Selection>> selections,
      EnumMap<Classification, Selection> fallback) {
  }

  private Snapshot(Configuration configuration, SecretMasker masker, Map<String, OrgIndex> organizations,
      Map<String, Map<String, Target>> targetsByAction) {
    this.configuration = configuration;
    this.masker = masker;
    this.organizations = organizations;
    this.targetsByAction = targetsByAction;
  }

  /** Returns the configuration. */
  public Configuration configuration() {
    return configuration;
  }

  /** Returns the masker of this configuration's secrets. */
  public SecretMasker masker() {
    return masker;
  }

  /** Returns whether the organization exists. */
  public boolean hasOrganization(String organization) {
    return organizations.containsKey(organization);
  }

  /**
   * Evaluates the playbook for {@code event}: the assignment of its collector group, else the
   * organization's default playbook; then the rows checked for its classification.
   */
  public Selection select(SecurityEvent event) {
    OrgIndex org = organizations.get(event.organization());
    EnumMap<Classification, Selection> byClass = org.selections().get(event.device().collectorGroup());
    if (byClass == null) {
      byClass = org.fallback();
    }
    return byClass.get(event.classification());
  }

  /** Returns the target of {@code action} on {@code connector}, for the Test button. */
  public Optional<Target> target(String organization, String connector, String action) {
    Map<String, Target> m = targetsByAction.get(actionKey(organization, action));
    return m == null ? Optional.empty() : Optional.ofNullable(m.get(connector));
  }

  /**
   * Compiles {@code configuration}.
   *
   * @param cache compiled scripts by runner, file and content, reused across snapshots
   * @throws ConfigurationException listing every script that was refused or has no runner
   */
  public static Snapshot compile(Configuration configuration, RunnerRegistry registry, String defaultRunner,
      Set<String> extraSecrets, Map<String, CompiledScript> cache) {
    Problems problems = new Problems();
    Map<String, CompiledScript> compiled = new HashMap<>();
    Map<String, ScriptRunner> runnerOf = new HashMap<>();
    // unknown runner ids first: a misspelt default is one problem, not one per script relying on it
    Set<String> ids = registry.ids();
    RunnerChecks.scripts(configuration, ids, Optional.of(defaultRunner), "runners.default").forEach(problems::add);
    UndoChecks.problems(configuration).forEach(problems::add);
    List<Action> actions = configuration.actions();
    for (int i = 0; i < actions.size(); i++) {
      Action a = actions.get(i);
      for (int k = 0; k < a.scripts().size(); k++) {
        ActionScript s = a.scripts().get(k);
        String path = "actions[" + i + "].scripts[" + k + "]";
        String runnerId = s.runner().orElse(defaultRunner);
        if (!ids.contains(runnerId)) {
          continue; // reported above
        }
        ScriptRunner runner;
        try {
          runner = registry.runner(runnerId);
        } catch (NoSuchRunnerException e) {
          problems.add(path + ".runner", e.getMessage());
          continue;
        } catch (io.edrplaybook.api.EngineClosedException e) {
          throw e;
        } catch (ConfigurationException e) {
          problems.addAll("", e);
          continue;
        } catch (RuntimeException e) {
          problems.add(path + ".runner", "runner '" + runnerId + "' could not be created: " + e.getMessage());
          continue;
        }
        String key = runnerId + "\u0000" + s.file() + "\u0000" + sha256(s.source());
        try {
          CompiledScript c = cache.get(key);
          if (c == null) {
            c = runner.compile(new ScriptSource(s.name(), s.file(), s.source()));
            cache.put(key, c);
          }
          compiled.put(scriptKey(a, s), c);
          runnerOf.put(scriptKey(a, s), runner);
        } catch (ScriptValidationException e) {
          problems.add(io.edrplaybook.api.ConfigurationProblem.scriptRefused(path, e));
        } catch (io.edrplaybook.api.EngineClosedException e) {
          throw e;
        } catch (RuntimeException e) {
          // the runner itself failed (a worker died, a compile timed out): one more problem of the
          // report, which still lists every other script's
          problems.add(path, "runner '" + runnerId + "' could not compile " + s.file() + ": "
              + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
      }
    }
    problems.throwIfAny();

    Map<String, Map<String, Target>> targetsByAction = new HashMap<>();
    for (Connector c : configuration.connectors()) {
      for (ActionBinding b : c.bindings()) {
        Action a = configuration.action(c.organization(), b.action()).orElseThrow();
        ActionScript s = b.script().flatMap(a::script).orElse(a.scripts().get(0));
        ScriptRunner runner = runnerOf.get(scriptKey(a, s));
        Target t = Target.of(a, c, b, s, compiled.get(scriptKey(a, s)), runner, registry.outputCap(runner.id()));
        targetsByAction.computeIfAbsent(actionKey(c.organization(), a.name()), x -> new java.util.LinkedHashMap<>())
            .put(c.name(), t);
      }
    }

    Map<String, OrgIndex> orgs = new HashMap<>();
    for (io.edrplaybook.api.Organization o : configuration.organizations()) {
      Map<String, EnumMap<Classification, Selection>> byGroup = new HashMap<>();
      EnumMap<Classification, Selection> fallback = new EnumMap<>(Classification.class);
      Optional<Playbook> dflt = Optional.empty();
      for (Playbook pb : configuration.playbooks()) {
        if (!pb.organization().equals(o.name())) {
          continue;
        }
        if (pb.isDefault()) {
          dflt = Optional.of(pb);
        }
        for (String g : pb.collectorGroups()) {
          EnumMap<Classification, Selection> sel = new EnumMap<>(Classification.class);
          for (Classification cl : Classification.values()) {
            sel.put(cl, Selection.of(Optional.of(pb), "collector group \"" + g + "\" is assigned to playbook \""
                + pb.name() + "\"", routes(configuration, pb, cl, targetsByAction)));
          }
          byGroup.put(g, sel);
        }
      }
      for (Classification cl : Classification.values()) {
        if (dflt.isPresent()) {
          Playbook pb = dflt.get();
          fallback.put(cl, Selection.of(dflt, "its collector group has no assignment; the default playbook \""
              + pb.name() + "\" applies", routes(configuration, pb, cl, targetsByAction)));
        } else {
          fallback.put(cl, Selection.of(Optional.empty(), "no playbook applies: its collector group has no"
              + " assignment and organization \"" + o.name() + "\" has no default playbook", List.of()));
        }
      }
      orgs.put(o.name(), new OrgIndex(byGroup, fallback));
    }
    Set<String> secrets = new LinkedHashSet<>(configuration.secrets());
    secrets.addAll(extraSecrets);
    List<Map.Entry<String, String>> basicAuth = new ArrayList<>();
    for (Connector c : configuration.connectors()) {
      if (c.credentials() instanceof io.edrplaybook.api.UsernamePassword up) {
        basicAuth.add(Map.entry(up.username(), up.password()));
      }
    }
    return new Snapshot(configuration, SecretMasker.of(secrets, basicAuth), Map.copyOf(orgs), targetsByAction);
  }

  private static List<Route> routes(Configuration configuration, Playbook pb, Classification cl,
      Map<String, Map<String, Target>> targetsByAction) {
    List<Route> routes = new ArrayList<>();
    for (PlaybookRule r : pb.rules()) {
      if (r.selects(cl)) {
        routes.add(route(configuration, pb, r, cl, targetsByAction));
      }
    }
    return routes;
  }

  private static Route route(Configuration configuration, Playbook pb, PlaybookRule r, Classification cl,
      Map<String, Map<String, Target>> targetsByAction) {
    Action a = configuration.action(pb.organization(), r.action()).orElseThrow();
    Map<String, Target> bound = targetsByAction.getOrDefault(actionKey(pb.organization(), a.name()), Map.of());
    List<Target> targets = new ArrayList<>();
    String how;
    if (r.connectors() instanceof ConnectorSelection.Named named) {
      named.connectors().forEach(n -> targets.add(bound.get(n)));
      how = "connectors " + named.connectors();
    } else {
      targets.addAll(bound.values());
      how = "connectors ALL (" + bound.size() + " bound)";
    }
    List<PlannedInvocation> planned = new ArrayList<>();
    for (Target t : targets) {
      planned.add(new PlannedInvocation(r.section(), a.name(), t.connector().name(), t.script().name(),
          t.runner().id(), t.connector().jumpBox(), true,
          "row \"" + a.name() + "\" of playbook \"" + pb.name() + "\" is checked for " + cl + ", " + how));
    }
    return new Route(r, a, List.copyOf(targets), List.copyOf(planned),
        r.condition().map(RowCondition::compile).orElse(null));
  }

  private static String actionKey(String organization, String action) {
    return organization + "\u0000" + action;
  }

  private static String scriptKey(Action a, ActionScript s) {
    return a.organization() + "\u0000" + a.name() + "\u0000" + s.name();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Returns a new, empty compile cache. */
  public static Map<String, CompiledScript> newCache() {
    return new ConcurrentHashMap<>();
  }
}
