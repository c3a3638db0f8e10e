build-fuzz/lib/spent_tokens.o: lib/spent_tokens.cc lib/spent_tokens.h \
  lib/database.h lib/result.h lib/crypto.h

lib/spent_tokens.h:

lib/database.h:

lib/result.h:

lib/crypto.h:
