# dvkstat.py: libdvkstat from Python, through ctypes (standard library only).
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counts, ratios and trends from registers, computed by libdvkstat.

    import dvkstat
    groups = dvkstat.count("models.csv", "Lĩnh vực")
    for g in dvkstat.ratio("models.csv", "Lĩnh vực", "Tình trạng=Duy trì"):
        print(g.key, g.k, g.n, g.ratio, g.low, g.high)
    for t in dvkstat.trend("models.csv", "Lĩnh vực"):
        print(t.key, t.times, t.values, t.stats["mk_p"])

The library is found as libdvkstat.so.0 (LD_LIBRARY_PATH, the system's
paths), or at the path in the environment variable DVKSTAT_LIBRARY.
Errors raise DvkError with the library's message and place.
"""
import ctypes
import os
from collections import namedtuple

__all__ = ["DvkError", "Group", "Ratio", "Trend", "Reader", "count", "ratio",
           "trend", "version"]

_lib = ctypes.CDLL(os.environ.get("DVKSTAT_LIBRARY") or "libdvkstat.so.0")

_OK, _ROW, _DONE = 0, 100, 101
_c = ctypes.c_char_p
_p = ctypes.c_void_p
_sz = ctypes.c_size_t
_d = ctypes.c_double
_dp = ctypes.POINTER(ctypes.c_double)


class _TrendStats(ctypes.Structure):
    _fields_ = [("size", _sz), ("n_periods", _sz), ("n_used", _sz)] + [
        (n, _d) for n in ("first", "last", "change", "change_pct", "cagr",
                          "ols_slope", "ols_se", "ols_p", "r2", "sen_slope",
                          "sen_low", "sen_high", "mk_s", "mk_var_s", "mk_z",
                          "mk_p", "mk_tau", "poisson_growth", "poisson_low",
                          "poisson_high")] + [
        ("direction", ctypes.c_int), ("notes", ctypes.c_uint),
        ("first_time", _d), ("last_time", _d), ("ca_statistic", _d), ("ca_p", _d)]


class _Ratio(ctypes.Structure):
    _fields_ = [("size", _sz), ("k", _d), ("n", _d), ("ratio", _d), ("low", _d),
                ("high", _d), ("level", _d), ("method", ctypes.c_int)]


def _sig(name, res, *args):
    f = getattr(_lib, name)
    f.restype = res
    f.argtypes = list(args)
    return f


_version = _sig("dvk_version", _c)
_reader_new = _sig("dvk_reader_new", _p)
_reader_free = _sig("dvk_reader_free", None, _p)
_reader_open = _sig("dvk_reader_open", ctypes.c_int, _p, _c)
_reader_next = _sig("dvk_reader_next", ctypes.c_int, _p)
_reader_errmsg = _sig("dvk_reader_errmsg", _c, _p)
_reader_name = _sig("dvk_reader_name", _c, _p)
_reader_error_line = _sig("dvk_reader_error_line", ctypes.c_long, _p)
_reader_columns = _sig("dvk_reader_column_count", _sz, _p)
_reader_column = _sig("dvk_reader_column_name", _c, _p, _sz)
_row_error = _sig("dvk_status_is_row_error", ctypes.c_int, ctypes.c_int)
_grouper_new = _sig("dvk_grouper_new", ctypes.c_int, _p, ctypes.POINTER(_c), _sz,
                    ctypes.POINTER(_p))
_grouper_free = _sig("dvk_grouper_free", None, _p)
_grouper_key = _sig("dvk_grouper_key", ctypes.c_int, _p, _p,
                    ctypes.POINTER(ctypes.POINTER(_c)), ctypes.POINTER(ctypes.POINTER(_c)))
_grouper_add = _sig("dvk_grouper_add", ctypes.c_int, _p, _p, _p, _dp)
_expr_new = _sig("dvk_expr_new", ctypes.c_int, _p, _c, ctypes.POINTER(_p))
_expr_free = _sig("dvk_expr_free", None, _p)
_expr_eval = _sig("dvk_expr_eval", ctypes.c_int, _p, _p, ctypes.POINTER(ctypes.c_int))
_agg_new = _sig("dvk_agg_new", _p, _sz, _sz)
_agg_free = _sig("dvk_agg_free", None, _p)
_agg_add = _sig("dvk_agg_add", ctypes.c_int, _p, ctypes.POINTER(_c), ctypes.POINTER(_c), _dp)
_agg_size = _sig("dvk_agg_size", _sz, _p)
_agg_key = _sig("dvk_agg_key", _c, _p, _sz, _sz)
_agg_label = _sig("dvk_agg_label", _c, _p, _sz, _sz)
_agg_value = _sig("dvk_agg_value", _d, _p, _sz, _sz)
_agg_order = _sig("dvk_agg_order", ctypes.c_int, _p, ctypes.c_int, _sz, ctypes.POINTER(_sz))
_ratio_compute = _sig("dvk_ratio_compute", ctypes.c_int, _d, _d, _d, ctypes.c_int,
                      ctypes.POINTER(_Ratio))
_series_new = _sig("dvk_series_new_grouped", _p, _p, _c, ctypes.c_int, _sz, _sz)
_series_free = _sig("dvk_series_free", None, _p)
_series_add = _sig("dvk_series_add", ctypes.c_int, _p, _p, ctypes.POINTER(_c),
                   ctypes.POINTER(_c), _dp)
_series_finish = _sig("dvk_series_finish", ctypes.c_int, _p, _p)
_series_length = _sig("dvk_series_length", _sz, _p)
_series_values = _sig("dvk_series_group_values", ctypes.c_int, _p, ctypes.POINTER(_c),
                      _sz, _dp, _dp, _sz)
_trend_analyze = _sig("dvk_trend_analyze", ctypes.c_int, _dp, _dp, _sz, ctypes.c_int, _d,
                      ctypes.POINTER(_TrendStats))
_trend_ratio = _sig("dvk_trend_analyze_ratio", ctypes.c_int, _dp, _dp, _dp, _sz, _d,
                    ctypes.POINTER(_TrendStats))


class DvkError(Exception):
    """A status other than success, with the library's message."""


def version():
    """The linked library's version, "MAJOR.MINOR.PATCH"."""
    return _version().decode()


def _s(b):
    return b.decode("utf-8") if b is not None else None


Group = namedtuple("Group", "key label count")
Ratio = namedtuple("Ratio", "key k n ratio low high")
Trend = namedtuple("Trend", "key times values stats")


class Reader:
    """One register, opened; a context manager that frees the reader."""

    def __init__(self, path):
        self._r = _reader_new()
        if not self._r:
            raise MemoryError()
        if _reader_open(self._r, os.fsencode(path)) != _OK:
            self._fail()

    def _fail(self):
        msg = "%s:%d: %s" % (_s(_reader_name(self._r)), _reader_error_line(self._r),
                             _s(_reader_errmsg(self._r)))
        self.close()
        raise DvkError(msg)

    @property
    def columns(self):
        return [_s(_reader_column(self._r, i)) for i in range(_reader_columns(self._r))]

    def rows(self):
        """Advance row by row; rows with errors are set aside."""
        while True:
            st = _reader_next(self._r)
            if st == _ROW:
                yield self
            elif st == _DONE:
                return
            elif not _row_error(st):
                self._fail()

    def close(self):
        if self._r:
            _reader_free(self._r)
            self._r = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _grouper(reader, column):
    g = _p()
    spec = (_c * 1)(column.encode())
    if _grouper_new(reader._r, spec, 1, ctypes.byref(g)) != _OK:
        reader._fail()
    return g


def _ordered(a):
    n = _agg_size(a)
    order = (_sz * max(n, 1))()
    _agg_order(a, 0, 0, order)
    return [order[i] for i in range(n)]


def count(path, column):
    """Rows per value of COLUMN: Group(key, label, count), largest first."""
    with Reader(path) as r:
        g = _grouper(r, column)
        a = _agg_new(1, 1)
        one = (_d * 1)(1)
        try:
            for _ in r.rows():
                if _grouper_add(g, r._r, a, one) != _OK:
                    r._fail()
            return [Group(_s(_agg_key(a, i, 0)), _s(_agg_label(a, i, 0)), _agg_value(a, i, 0))
                    for i in _ordered(a)]
        finally:
            _agg_free(a)
            _grouper_free(g)


def ratio(path, column, condition, level=0.95, exact=False):
    """k rows meeting CONDITION ("COL=V" …) of the n in each value of
    COLUMN, with the interval: Ratio(key, k, n, ratio, low, high), where
    key is the group's label; the overall ratio last, key None."""
    with Reader(path) as r:
        g = _grouper(r, column)
        e = _p()
        if _expr_new(r._r, condition.encode(), ctypes.byref(e)) != _OK:
            _grouper_free(g)
            r._fail()
        a = _agg_new(1, 2)
        try:
            yes = ctypes.c_int()
            for _ in r.rows():
                if _expr_eval(e, r._r, ctypes.byref(yes)) != _OK:
                    continue
                v = (_d * 2)(1, yes.value)
                if _grouper_add(g, r._r, a, v) != _OK:
                    r._fail()
            out, K, N = [], 0.0, 0.0
            for i in _ordered(a):
                k, n = _agg_value(a, i, 1), _agg_value(a, i, 0)
                K, N = K + k, N + n
                out.append(_ratio(_s(_agg_label(a, i, 0)), k, n, level, exact))
            out.append(_ratio(None, K, N, level, exact))
            return out
        finally:
            _agg_free(a)
            _expr_free(e)
            _grouper_free(g)


def _ratio(key, k, n, level, exact):
    q = _Ratio(size=ctypes.sizeof(_Ratio))
    _ratio_compute(k, n, level, 1 if exact else 0, ctypes.byref(q))
    return Ratio(key, q.k, q.n, q.ratio, q.low, q.high)


def _stats(ts):
    return {name: getattr(ts, name) for name, _ in _TrendStats._fields_ if name != "size"}


def trend(path, column, time=None, alpha=0.05):
    """The yearly (or other period's) count of rows per value of COLUMN and
    its trend statistics: Trend(key, times, values, stats), stats a dict
    named as struct dvk_trend_stats' fields."""
    with Reader(path) as r:
        g = _grouper(r, column)
        s = _series_new(r._r, time.encode() if time else None, 0, 1, 1)
        a = _agg_new(1, 1)
        one = (_d * 1)(1)
        keys, labels = ctypes.POINTER(_c)(), ctypes.POINTER(_c)()
        try:
            if not s:
                r._fail()
            for _ in r.rows():
                if (_grouper_key(g, r._r, ctypes.byref(keys), ctypes.byref(labels)) != _OK or
                        _agg_add(a, keys, labels, one) != _OK):
                    r._fail()
                st = _series_add(s, r._r, keys, labels, one)
                if st != _OK and not _row_error(st):
                    r._fail()
            if _series_finish(s, r._r) != _OK:
                r._fail()
            n = _series_length(s)
            t, y = (_d * n)(), (_d * n)()
            out = []
            for i in _ordered(a):
                key = (_c * 1)(_agg_key(a, i, 0))
                ts = _TrendStats(size=ctypes.sizeof(_TrendStats))
                if _series_values(s, key, 0, t, y, n) != _OK or \
                        _trend_analyze(t, y, n, 0, alpha, ctypes.byref(ts)) != _OK:
                    raise DvkError("the trend of %s could not be computed" % _s(_agg_label(a, i, 0)))
                out.append(Trend(_s(_agg_label(a, i, 0)), list(t), list(y), _stats(ts)))
            return out
        finally:
            _agg_free(a)
            if s:
                _series_free(s)
            _grouper_free(g)
