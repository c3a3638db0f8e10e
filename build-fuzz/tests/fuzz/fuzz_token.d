build-fuzz/tests/fuzz/fuzz_token.o: tests/fuzz/fuzz_token.cc \
  lib/base64url.h lib/crypto.h lib/json.h lib/reset_token.h lib/result.h \
  lib/token.h

lib/base64url.h:

lib/crypto.h:

lib/json.h:

lib/reset_token.h:

lib/result.h:

lib/token.h:
