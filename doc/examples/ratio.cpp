// ratio.cpp: libdvkstat from C++: the ratio of rows meeting a condition
// in each value of a column, with its 95 % interval, as a text table.
//
//   g++ -std=c++17 -o ratio ratio.cpp $(pkg-config --cflags --libs dvkstat)
//   ./ratio models.csv "Lĩnh vực" "Tình trạng=Duy trì, hiệu quả"
//
// The handles live in std::unique_ptr with their _free as deleter.
// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdio>
#include <memory>
#include <vector>
#include <dvkstat.h>

template <class T, void (*F)(T *)> struct deleter {
    void operator()(T *p) const { F(p); }
};
using reader_ptr = std::unique_ptr<dvk_reader, deleter<dvk_reader, dvk_reader_free>>;
using agg_ptr = std::unique_ptr<dvk_agg, deleter<dvk_agg, dvk_agg_free>>;
using grouper_ptr = std::unique_ptr<dvk_grouper, deleter<dvk_grouper, dvk_grouper_free>>;
using expr_ptr = std::unique_ptr<dvk_expr, deleter<dvk_expr, dvk_expr_free>>;

int main(int argc, char **argv)
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s FILE COLUMN CONDITION\n", argv[0]);
        return 2;
    }
    reader_ptr r(dvk_reader_new());
    agg_ptr a(dvk_agg_new(1, 2));
    if (!r || !a || dvk_reader_open(r.get(), argv[1]) != DVK_OK) {
        std::fprintf(stderr, "ratio: %s\n", r ? dvk_reader_errmsg(r.get()) : "out of memory");
        return 1;
    }
    const char *spec[] = {argv[2]};
    dvk_grouper *g = nullptr;
    dvk_expr *e = nullptr;
    if (dvk_grouper_new(r.get(), spec, 1, &g) != DVK_OK ||
        dvk_expr_new(r.get(), argv[3], &e) != DVK_OK) {
        std::fprintf(stderr, "ratio: %s\n", dvk_reader_errmsg(r.get()));
        return 1;
    }
    grouper_ptr grouper(g);
    expr_ptr cond(e);
    int st;
    while ((st = dvk_reader_next(r.get())) == DVK_ROW) {
        int yes = 0;
        if (dvk_expr_eval(cond.get(), r.get(), &yes) != DVK_OK)
            continue;
        const double v[2] = {1, static_cast<double>(yes)};
        dvk_grouper_add(grouper.get(), r.get(), a.get(), v);
    }
    if (st != DVK_DONE)
        return 1;
    const dvk_agg *table = a.get(); // the const calls take a const table
    std::vector<size_t> order(dvk_agg_size(table));
    dvk_agg_order(table, 1, 0, order.data());
    for (size_t i : order) {
        dvk_ratio q{};
        q.size = sizeof q;
        dvk_ratio_compute(dvk_agg_value(table, i, 1), dvk_agg_value(table, i, 0), 0.95,
                          DVK_INTERVAL_WILSON, &q);
        const char *key[] = {dvk_agg_key(table, i, 0)};
        std::printf("%s\t%.0f\t%.0f\t%.4f\t%.4f\t%.4f\t%zu\n", dvk_agg_label(table, i, 0), q.k,
                    q.n, q.ratio, q.low, q.high, dvk_agg_find(table, key));
    }
    return 0;
}
