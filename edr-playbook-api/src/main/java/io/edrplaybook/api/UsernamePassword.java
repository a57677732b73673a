package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;
import java.util.List;

/**
 * A username and password. {@code toString()} masks the password.
 *
 * @param username the user name; never blank
 * @param password the password; never empty
 */
public record UsernamePassword(String username, String password) implements Credentials {

  /** Validates both parts. */
  public UsernamePassword {
    Problems p = new Problems();
    p.text("credentials.username", username);
    if (password == null || password.isEmpty()) {
      p.add("credentials.password", "must not be empty");
    }
    p.throwIfAny("credentials");
  }

  @Override
  public List<String> secrets() {
    return List.of(password);
  }

  @Override
  public String type() {
    return "credentials";
  }

  @Override
  public String toString() {
    return "UsernamePassword[username=" + username + ", password=****]";
  }
}
