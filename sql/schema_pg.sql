-- The PostgreSQL variant of schema.sql: flaskblog's tables as Flask-SQLAlchemy creates them
-- there (the reserved word user quoted), plus pwreset's own pwreset_* objects. Every
-- statement only creates what is missing, so an existing database keeps its tables as they
-- are and running this twice changes nothing.

CREATE TABLE IF NOT EXISTS "user" (
	id SERIAL NOT NULL,
	username VARCHAR(20) NOT NULL,
	email VARCHAR(120) NOT NULL,
	image_file VARCHAR(20) NOT NULL,
	password VARCHAR(60) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (username),
	UNIQUE (email)
);

CREATE TABLE IF NOT EXISTS post (
	id SERIAL NOT NULL,
	title VARCHAR(100) NOT NULL,
	date_posted TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	content TEXT NOT NULL,
	user_id INTEGER NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(user_id) REFERENCES "user" (id)
);

-- Addresses match whatever the case of their ASCII letters, as with SQLite's NOCASE; the
-- lookup uses this very expression, so it needs its own index.
CREATE INDEX IF NOT EXISTS pwreset_user_email_nocase ON "user"
	(translate(email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'));

-- One row per reset request, bucket "email:<addr>" or "ip:<addr>", at = unix seconds.
CREATE TABLE IF NOT EXISTS pwreset_throttle (
	bucket TEXT NOT NULL,
	at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS pwreset_throttle_bucket_at ON pwreset_throttle (bucket, at);

-- Tokens from the old app carry no password fingerprint; their digest is kept here until
-- they expire so that each works only once.
CREATE TABLE IF NOT EXISTS pwreset_spent_token (
	digest TEXT PRIMARY KEY,
	expires_at BIGINT NOT NULL
);

-- When pwreset last changed each account's password (unix seconds): a link from the old
-- app issued no later than this is refused, so using one legacy link ends all the others.
CREATE TABLE IF NOT EXISTS pwreset_password_changes (
	user_id INTEGER PRIMARY KEY,
	changed_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS pwreset_meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO pwreset_meta (key, value) VALUES ('schema_version', '1') ON CONFLICT DO NOTHING;
