package io.edrplaybook.core.engine;

import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptRunnerProvider;
import java.util.Set;

/** A provider visible only through a class loader a test makes: see {@link ProviderDiscoveryRuleTest}. */
public final class TcclRunnerProvider implements ScriptRunnerProvider {
  static final String ID = "tccl-fake";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ScriptRunner create(RunnerSettings settings) {
    return new FakeRunner(ID);
  }

  @Override
  public Set<String> settingKeys() {
    return Set.of("colour");
  }
}
