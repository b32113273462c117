-- Viewers' clusters are summed from generalised.incident_grid through the same ClusterRepository.fromSummary as
-- analysts', which keys its kept answers on incident_grid_version (V75; V77 bumps it when the disclosure cells or
-- province points change) read through the caller's connection. The counter holds nothing about any incident and
-- is never sent to a client.
GRANT SELECT ON incident_grid_version TO mapper_generalised;
