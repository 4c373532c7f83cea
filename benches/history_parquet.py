"""Parquet copies of a simulated CSV history for the issue 18 scale runs (docs/performance.md).

    python3 benches/history_parquet.py HISTORY.csv OUT.parquet
        the CSV as Parquet (zstd), batch by batch, with the types pyarrow infers: the same
        values as the CSV, so validate's JSON is the same from either file
    python3 benches/history_parquet.py ONE-PERIOD.parquet OUT.parquet --periods 8
        the one-period history's rows PERIODS times, snapshot_date set to each quarter from
        2025-01-01 (as text), churn_date dropped: the backtest's 8 x 10M history
"""
import argparse

import pyarrow as pa
import pyarrow.csv as pv
import pyarrow.parquet as pq


def csv_to_parquet(source, target):
    reader = pv.open_csv(source, read_options=pv.ReadOptions(block_size=64 << 20))
    writer = None
    for batch in reader:
        if writer is None:
            writer = pq.ParquetWriter(target, batch.schema, compression="zstd")
        writer.write_batch(batch)
    writer.close()


def quarters(count):
    return [f"{2025 + k // 4}-{1 + 3 * (k % 4):02d}-01" for k in range(count)]


def repeat_periods(source, target, periods):
    table = pq.read_table(source).drop_columns(["churn_date"])
    index = table.schema.get_field_index("snapshot_date")
    writer = None
    for date in quarters(periods):
        period = table.set_column(index, "snapshot_date", pa.array([date] * table.num_rows, pa.string()))
        if writer is None:
            writer = pq.ParquetWriter(target, period.schema, compression="zstd")
        writer.write_table(period, row_group_size=1 << 20)
    writer.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--periods", type=int, default=0)
    args = parser.parse_args()
    if args.periods:
        repeat_periods(args.source, args.target, args.periods)
    else:
        csv_to_parquet(args.source, args.target)


if __name__ == "__main__":
    main()
