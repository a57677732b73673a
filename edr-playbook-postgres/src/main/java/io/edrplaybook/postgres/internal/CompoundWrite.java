package io.edrplaybook.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes one caller needs in one transaction, such as a classification and the claims of its runs:
 * in a batch of the {@link GroupCommit} each part is written among the other writes of its kind (so
 * that it shares their JDBC batch), and the caller learns the outcome once the batch committed;
 * alone, the group commit gives the parts a transaction of their own. Either every part is
 * committed or none.
 *
 * @param <T> the outcome the caller waits for, made of its parts' outcomes
 */
public final class CompoundWrite<T> extends Write<T> {
  private final List<Write<?>> parts;
  private final Function<List<Object>, T> combine;

  /**
   * Creates the compound.
   *
   * @param what what it does, for messages
   * @param parts its writes, at least one, none itself a compound
   * @param combine its outcome from its parts' outcomes, in the order of {@code parts}
   */
  public CompoundWrite(String what, List<Write<?>> parts, Function<List<Object>, T> combine) {
    super(parts.get(0).kind(), parts.get(0).order(), what);
    for (Write<?> part : parts) {
      if (part instanceof CompoundWrite) {
        throw new IllegalArgumentException("a compound write is not a part of another");
      }
    }
    this.parts = List.copyOf(parts);
    this.combine = Objects.requireNonNull(combine, "combine");
  }

  @Override
  List<Write<?>> parts() {
    return parts;
  }

  @Override
  T committed() {
    List<Object> out = new ArrayList<>(parts.size());
    for (Write<?> part : parts) {
      out.add(part.written);
    }
    return combine.apply(out);
  }

  @Override
  protected String batchSql() {
    return null;
  }

  @Override
  protected void bind(PreparedStatement batch) {
    throw new IllegalStateException("a compound write is bound part by part");
  }

  @Override
  protected T counted(int count) {
    throw new IllegalStateException("a compound write's outcome is made of its parts'");
  }

  /** Writes the parts one after the other on {@code c}, in the transaction it is in. */
  @Override
  protected T alone(Connection c) throws SQLException {
    List<Object> out = new ArrayList<>(parts.size());
    for (Write<?> part : parts) {
      out.add(part.alone(c));
    }
    return combine.apply(out);
  }
}
