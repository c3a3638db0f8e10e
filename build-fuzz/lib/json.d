build-fuzz/lib/json.o: lib/json.cc lib/json.h

lib/json.h:
