package org.sanlv.platform;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** Run in a child JVM by {@link EmbeddedDatabaseCrashTest}: {@code write DIR} or {@code read DIR}. */
public final class EmbeddedDatabaseChild {

  public static void main(String[] args) throws Exception {
    EmbeddedDatabase db = EmbeddedDatabase.acquire(Path.of(args[1]), 0, false, true);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", ""); Statement s = c.createStatement()) {
      if (args[0].equals("write")) {
        s.execute("create table if not exists crash_probe (id int primary key)");
        s.execute("insert into crash_probe values (1)");
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(600_000); // killed with SIGKILL by the test
      } else {
        try (ResultSet rs = s.executeQuery("select count(*) from crash_probe")) {
          rs.next();
          System.out.println("COUNT " + rs.getInt(1));
        }
        db.release();
      }
    }
  }
}
