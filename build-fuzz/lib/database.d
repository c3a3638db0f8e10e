build-fuzz/lib/database.o: lib/database.cc lib/database.h lib/result.h

lib/database.h:

lib/result.h:
