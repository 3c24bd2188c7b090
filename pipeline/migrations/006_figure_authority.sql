-- The body that gave an award ("Chủ tịch UBND tỉnh" in "Chủ tịch UBND tỉnh tặng Bằng khen cho 10 tập thể").
ALTER TABLE figures ADD COLUMN authority VARCHAR;
