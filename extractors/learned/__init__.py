"""The learned layer over the rules: the rules propose a category and periods, small linear models trained on
the real annotated passages decide (features in features.py, models read from JSON in linear.py, the choices
in decide.py, training and grouped cross-validation in train.py)."""
