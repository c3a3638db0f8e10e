"""The whole reset walk of test_web_reset again, with `database = postgresql://...`: the
same pages on a private PostgreSQL server, through the same nginx and programs."""
import unittest

import postgres
import test_web_reset


class ResetWalkOnPostgresqlTest(test_web_reset.ResetWalkTest):

    @classmethod
    def setUpClass(cls):
        cls.postgres = postgres.PostgresServer().start()
        try:
            cls.database = cls.postgres.new_database()
            cls.options = dict(cls.options, database=cls.database)
            super().setUpClass()
        except BaseException:
            cls.postgres.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.postgres.stop()

    def stored_hash(self, address):
        rows = self.postgres.sql(self.database, "SELECT password FROM \"user\" WHERE email = "
                                 + "'" + address.replace("'", "''") + "'")
        return rows[0][0] if rows else None

    def test_the_tables_are_flaskblogs_and_the_hash_a_2b_bcrypt_string(self):
        _, address = self.new_account()
        self.assertRegex(self.stored_hash(address), r"^\$2b\$04\$[./A-Za-z0-9]{53}$")
        tables = self.postgres.sql(self.database, "SELECT tablename FROM pg_tables "
                                   "WHERE schemaname = 'public' ORDER BY tablename")
        self.assertEqual([row[0] for row in tables],
                         ["post", "pwreset_meta", "pwreset_password_changes",
                          "pwreset_spent_token", "pwreset_throttle", "user"])

    def test_while_the_database_is_down_pages_answer_503_and_then_work_again(self):
        _, address = self.new_account()
        self.stack.browser().get("/reset_password")
        self.postgres.stop_server()
        try:
            reply = self.request_reset(address)
            self.assertEqual(reply.status, 503, reply.body[:2000])
            self.assertIn("Please try again in a minute.", reply.body)
        finally:
            self.postgres.start_server()
        self.assertEqual(self.reset_mails(address), [])
        # The workers' connections were lost; each opens a new one on its next request.
        self.mailed_link(address)


if __name__ == "__main__":
    unittest.main()
