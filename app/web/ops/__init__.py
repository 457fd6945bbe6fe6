"""Web layer: how a worker is watched: /readyz, /metrics and the samplers behind them."""
