namespace Ambient.Cli;

/// <summary>Process exit codes of the <c>ambient</c> command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidArguments = 2;
    public const int AddressInUse = 3;
    public const int DataDirectoryInUse = 4;
    public const int KafkaError = 5;
    public const int InvalidAgents = 6;
    public const int InvalidTopicLayout = 7;

    /// <summary>An approval answer was refused: no such request, already answered, expired or superseded.</summary>
    public const int Refused = 8;

    /// <summary><c>ambient agents drift</c>: a signal shifted beyond its threshold.</summary>
    public const int Drifted = 9;
}
