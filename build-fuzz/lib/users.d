build-fuzz/lib/users.o: lib/users.cc lib/users.h lib/database.h \
  lib/result.h

lib/users.h:

lib/database.h:

lib/result.h:
