-- The summary tables are read by many small concurrent requests, never by one big one: no parallel scans of them.
--
-- At 1M incidents incident_month_count is 12 MB, over min_parallel_table_scan_size (8 MB), so a windowed
-- /api/provinces or /spread scanned it with a parallel worker: 21 ms instead of 24 ms for one request alone, but
-- two processes' CPU (~40 ms) instead of one's. With 8 clients on 2 cores every core is busy already, and the
-- second process only adds its start-up and hand-over cost to each request (measured with wrk, 8 connections:
-- 39-43 windowed province requests a second). The grid summaries are read by index ranges and stay serial too.
ALTER TABLE incident_month_count SET (parallel_workers = 0);
ALTER TABLE incident_month_edge SET (parallel_workers = 0);
ALTER TABLE incident_grid_row SET (parallel_workers = 0);
ALTER TABLE incident_grid_edge_row SET (parallel_workers = 0);
ALTER TABLE sensitive_cell_count SET (parallel_workers = 0);
