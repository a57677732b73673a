package io.edrplaybook.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Organization;

/** Reads organizations and JumpBoxes. */
final class BasicParsers {
  private BasicParsers() {}

  static void organization(ParseContext ctx, JsonNode node, String path, Configuration.Builder out) {
    Fields f = Fields.of(ctx, node, path, Keys.ORGANIZATION);
    if (f == null) {
      return;
    }
    String name = f.text("name", true);
    if (name == null) {
      return;
    }
    try {
      out.organization(new Organization(name), path);
    } catch (ConfigurationException e) {
      ctx.absorb(path, e);
    }
  }

  static void jumpBox(ParseContext ctx, JsonNode node, String path, Configuration.Builder out) {
    Fields f = Fields.of(ctx, node, path, Keys.JUMP_BOX);
    if (f == null) {
      return;
    }
    String name = f.text("name", true);
    String organization = f.text("organization", true);
    Boolean core = f.bool("core");
    try {
      JumpBox j = new JumpBox(name, organization, core != null && core);
      if (!f.failed("core")) {
        out.jumpBox(j, path);
      }
    } catch (ConfigurationException e) {
      ctx.absorb(path, e);
    }
  }
}
