build-fuzz/gen/schema_sql.o: build-fuzz/gen/schema_sql.cc
