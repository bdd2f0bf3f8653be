/* main.c: the dvkstat program: one table of commands, dispatched by name.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Each command with the table of its options, from which its --help is
 * made. */
static const struct cli_command commands[] = {
    {"count", cmd_count, N_("rows (or weights) per group, with shares and a total"),
     cli_count_options},
    {"crosstab", cmd_crosstab, N_("a pivot table of two columns, with totals"),
     cli_crosstab_options},
    {"ratio", cmd_ratio, N_("k of n per group with confidence intervals and a test"),
     cli_ratio_options},
    {"coverage", cmd_coverage, N_("which units of a roster met a registration target"),
     cli_coverage_options},
    {"report", cmd_report, N_("the year-end summary in one document (.html, .md, .xlsx)"),
     cli_report_options},
    {"clean", cmd_clean, N_("re-write the data as clean UTF-8 CSV or JSON"), cli_clean_options},
    {"summary", cmd_summary, N_("the dialect found, row counts, and a profile of each column"),
     cli_summary_options},
    {"trend", cmd_trend, N_("counts per year (or quarter, month) over the time column"),
     cli_trend_options},
};

static void usage(FILE *out)
{
    fprintf(out,
            _("Usage: dvkstat COMMAND [OPTION]... [FILE]...\n"
            "Counts, ratios and trends from CSV registers exported from spreadsheets.\n"
            "With no FILE, or when FILE is -, read standard input.\n"
            "\n"
            "Commands:\n"));
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, _("  %-10s %s\n"), commands[i].name, _(commands[i].summary));
    fprintf(out,
            _("\n"
            "Any encoding (UTF-8, UTF-16, Windows-1258, TCVN3), delimiter (, ; tab |)\n"
            "and line end is read with no option.  Text is normalised before it is\n"
            "compared: 'Kinh tế', ' kinh  tế' and 'KINH TẾ' are one value.\n"
            "\n"
            "Examples:\n"
            "  dvkstat trend models.csv             models registered per year\n"
            "  dvkstat summary models.csv           what is in the file\n"
            "  dvkstat clean -o clean.csv export.csv\n"
            "\n"
            "  -h, --help     show this help; 'dvkstat COMMAND --help' for a command\n"
            "  -V, --version  show the version\n"
            "\n"
            "Exit status: 0 success, 1 bad data, 2 bad usage.\n"
            "Report bugs to: %s\n"), PACKAGE_BUGREPORT);
}

static int run(int argc, char **argv);

/* Whether DIR holds the Vietnamese catalogue (the only one there is). */
static int holds_catalogue(const char *dir)
{
    char path[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/vi/LC_MESSAGES/%s.mo", dir, PACKAGE);
    return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

/* Where the messages are: DVKSTAT_LOCALEDIR when set (the tests), else the
 * installed catalogue, else one beside the program: a build tree's
 * locale/ (made by make; the program is cli/dvkstat, or cli/.libs/dvkstat
 * behind libtool's wrapper) or a relocated install's share/locale.  Run
 * from its build tree as the README's Quick start leaves it, the program
 * then speaks Vietnamese with no variable set. */
void cli_bind_catalogue(void)
{
    const char *dir = getenv("DVKSTAT_LOCALEDIR");
    if (dir && *dir) {
        cli_catalogue_dir = dir;
    } else if (holds_catalogue(LOCALEDIR)) {
        cli_catalogue_dir = LOCALEDIR;
    } else {
        static char beside[PATH_MAX];
        char exe[PATH_MAX];
        ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
        char *slash = len > 0 ? (exe[len] = '\0', strrchr(exe, '/')) : NULL;
        static const char *const up[] = {"/../share/locale", "/../locale", "/../../locale"};
        for (size_t i = 0; slash && i < sizeof up / sizeof *up && !cli_catalogue_dir; i++) {
            *slash = '\0';
            int n = snprintf(beside, sizeof beside, "%s%s", exe, up[i]);
            if (n > 0 && (size_t)n < sizeof beside && holds_catalogue(beside))
                cli_catalogue_dir = beside;
        }
    }
    bindtextdomain(PACKAGE, cli_catalogue_dir ? cli_catalogue_dir : LOCALEDIR);
    if (cli_catalogue_dir && !holds_catalogue(cli_catalogue_dir))
        cli_catalogue_dir = NULL;
}

int main(int argc, char **argv)
{
    cli_install_signal_handlers();
    return cli_close_stdout(run(argc, argv));
}

static int run(int argc, char **argv)
{
    /* Messages and character classes follow the user's locale; numbers are
     * always read and written in the C convention by the library. */
    setlocale(LC_CTYPE, "");
    setlocale(LC_MESSAGES, "");
    cli_bind_catalogue();
    bind_textdomain_codeset(PACKAGE, "UTF-8");
    textdomain(PACKAGE);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 ||
        strcmp(name, "help") == 0) {
        if (strcmp(name, "help") == 0 && argc > 2) {
            for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
                if (strcmp(argv[2], commands[i].name) == 0) {
                    char *help_argv[] = {argv[2], "--help", NULL};
                    int status = commands[i].run(2, help_argv, &commands[i]);
                    cli_options_release();
                    return status;
                }
        }
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
        printf(_("dvkstat %s (libdvkstat %s)\n"
               "Copyright (C) 2026 The dvkstat authors.\n"
               "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
               "This is free software: you are free to change and redistribute it.\n"
               "There is NO WARRANTY, to the extent permitted by law.\n"),
               PACKAGE_VERSION, dvk_version());
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(name, commands[i].name) == 0) {
            int status = commands[i].run(argc - 1, argv + 1, &commands[i]);
            cli_options_release();
            return status;
        }
    cli_error(_("unknown command '%s'"), name);
    fprintf(stderr, _("Try 'dvkstat --help' for the list of commands.\n"));
    return EXIT_USAGE;
}
