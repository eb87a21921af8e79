using System.CommandLine;

namespace OsConformance.Cli;

/// <summary>--filter, --function and --tag: the case selection of run and list, with one meaning (Runner/CaseFilter).</summary>
internal sealed class CaseOptions
{
    public Option<string[]> Filter { get; } = new("--filter") { Description = "Case id glob; * stays within a segment, ** crosses them, the glob matches the whole id. Repeatable (OR)." };
    public Option<string[]> Function { get; } = new("--function") { Description = "Only cases of this documented function (list --functions names them). Repeatable (OR)." };
    public Option<string[]> Tag { get; } = new("--tag") { Description = "Only cases with this tag (list --tags names them); !TAG excludes. Repeatable (OR; exclusions always apply)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Filter);
        command.Options.Add(Function);
        command.Options.Add(Tag);
    }

    public (string[] Filters, string[] Functions, string[] Tags) Read(ParseResult parse) =>
        (parse.GetValue(Filter) ?? [], parse.GetValue(Function) ?? [], parse.GetValue(Tag) ?? []);
}
