//! Statistics over plain slices: scores as `&[f64]`, outcomes as `&[bool]` (true = churned).
