package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.ConfigurationLoader;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.spi.PlaybookListener;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/** Loads configuration files and builds engines on them, the same way for every command. */
final class Engines {

  private Engines() {}

  /**
   * Loads {@code file}, its secrets looked up in {@code environment}, and masks them in the
   * console's output from now on.
   *
   * @throws io.edrplaybook.api.ConfigurationException listing every problem
   */
  static ConfigurationFile load(Path file, Function<String, String> environment, Console console) {
    ConfigurationFile loaded = ConfigurationLoader.builder().environment(environment).build().load(file);
    // the engine masks free text; ids and names are never rewritten, here neither (each such
    // secret is one of the warnings)
    Set<String> names = names(loaded.configuration());
    console.mask(loaded.secrets().stream().filter(s -> names.stream().noneMatch(n -> n.contains(s))).toList());
    loaded.warnings().forEach(w -> console.error("warning: " + w));
    return loaded;
  }

  private static Set<String> names(Configuration c) {
    Set<String> names = new HashSet<>();
    c.organizations().forEach(o -> names.add(o.name()));
    c.jumpBoxes().forEach(j -> names.add(j.name()));
    c.actions().forEach(a -> {
      names.add(a.name());
      a.scripts().forEach(x -> names.add(x.name()));
    });
    c.connectors().forEach(x -> names.add(x.name()));
    c.playbooks().forEach(p -> {
      names.add(p.name());
      names.addAll(p.collectorGroups());
    });
    return names;
  }

  /**
   * Builds an engine on a loaded configuration: runners found with ServiceLoader, the file's runner
   * settings and default runner, every script compiled.
   *
   * @param journal the journal, or null for an in-memory one
   * @param listener the listener, or null for none
   * @throws io.edrplaybook.api.ConfigurationException when a script is refused
   */
  static CorePlaybookEngine start(ConfigurationFile file, ExecutionJournal journal, PlaybookListener listener) {
    CorePlaybookEngine.Builder b = CorePlaybookEngine.builder().configurationFile(file);
    if (journal != null) {
      b.journal(journal);
    }
    if (listener != null) {
      b.listener(listener);
    }
    try {
      CorePlaybookEngine engine = b.build();
      closeOnShutdown(engine);
      return engine;
    } catch (ConfigurationException e) {
      // the engine locates a refused script inside the configuration; say which file, as the loader does
      Path name = file.source().getFileName();
      String label = name == null ? file.source().toString() : name.toString();
      throw new ConfigurationException(e.problems().stream()
          .map(p -> p.path().startsWith(label + ":") ? p : new ConfigurationProblem(
              p.path().isEmpty() ? label : label + ": " + p.path(), p.message(), p.script()))
          .toList());
    }
  }

  /**
   * A command line stopped with SIGTERM (or Ctrl-C) closes its engine first: runs in flight end with
   * their terminal record instead of being found interrupted at the next start. Weakly held, so an
   * engine a command already closed is not kept alive by its hook.
   */
  private static void closeOnShutdown(CorePlaybookEngine engine) {
    java.lang.ref.WeakReference<CorePlaybookEngine> ref = new java.lang.ref.WeakReference<>(engine);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      CorePlaybookEngine e = ref.get();
      if (e != null) {
        e.close();
      }
    }, "edr-playbook-cli-shutdown"));
  }
}
