using System.CommandLine;

namespace Ambient.Bench.Reporting;

/// <summary>What every bench subcommand does with its report: name the command that produced it, print it, save it.</summary>
internal static class BenchOutput
{
    public const int Failed = 1;
    public const int InvalidArguments = 2;

    /// <summary>The command line to quote in the report, as a user would type it.</summary>
    public static string CommandLine(ParseResult parse) =>
        string.Join(' ', ["dotnet run --project bench/Ambient.Bench -c Release --", .. parse.Tokens.Select(t => t.Value)]);

    /// <summary>Prints the report and writes it to <paramref name="file"/> when given; a null report (the run failed) exits 1.</summary>
    public static async Task<int> PublishAsync(string? report, FileInfo? file, CancellationToken cancellationToken)
    {
        if (report is null)
        {
            return Failed;
        }

        Console.WriteLine(report);
        if (file is not null)
        {
            await File.WriteAllTextAsync(file.FullName, report, cancellationToken);
        }

        return 0;
    }
}
