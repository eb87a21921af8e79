using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OsConformance.Suite.Tests.Oracles;

/// <summary>A check whose expected and actual both come from the harness under test.</summary>
public sealed record TrustFinding(string File, int Line, string Member, string Expected, string Actual)
{
    public override string ToString() => $"{File}:{Line}: {Member}: expected `{Expected}` and actual `{Actual}` both come from the harness";
}

/// <summary>
/// A static taint analysis of the conformance cases' sources (Roslyn, with the semantic model): which
/// values come from the harness under test, and which checks judge one such value with another.
/// <para>Sources: the calls of <c>HarnessProcess</c> that ask the implementation (<c>Call</c>, <c>Fork</c>,
/// <c>Repeat</c>, <c>Start</c>, its transcript), the fork children's reports (<c>ForkReport</c>) and the
/// fixture's <c>Info</c> (the start reply: the implementation's constants). <c>h.Pid</c> and <c>h.End</c>
/// are the runner's own view of the process, not the implementation's word.</para>
/// <para>Propagation: through locals, parameters, patterns, foreach, out arguments, lambdas, operators,
/// member and element access, and calls: a method of the cases is summarised (does its result carry
/// harness data, by itself or from which arguments); an outside method's result carries whatever its
/// receiver and arguments carry. Methods of <c>OsConformance.Suite.Oracles</c> return what the kernel,
/// the filesystem or the platform's headers say, whatever they are asked about.</para>
/// <para>Sinks: <c>Verdict.Equal(expected, actual)</c> with both sides from the harness, and a
/// comparison inside <c>Verdict.That</c>'s condition with both sides from it. A method marked
/// <c>[JudgesConsistency]</c> is exempt.</para>
/// </summary>
public sealed class HarnessTaint
{
    private const string ProtocolNs = "OsConformance.Protocol", OraclesNs = "OsConformance.Suite.Oracles", InfraNs = "OsConformance.Suite.Infrastructure";
    // The runner's own view of the harness process, and lifecycle calls that return nothing of the implementation's.
    private static readonly HashSet<string> RunnerMembers = ["Pid", "End", "InCgroup", "WaitForExit", "Dispose", "Stop", "KillEverything", "SweepOrphans", "UseCgroups", "Spawn"];
    private static readonly HashSet<string> Comparisons = ["Equals", "SequenceEqual", "SetEquals", "Contains", "StartsWith", "EndsWith", "ContainsKey"];

    private readonly CSharpCompilation compilation;
    private readonly Dictionary<(IMethodSymbol, int, int), bool> summaries = new();
    private readonly HashSet<(IMethodSymbol, int, int)> inProgress = new();

    private HarnessTaint(CSharpCompilation compilation) => this.compilation = compilation;

    // Source generators ([GeneratedRegex], [LibraryImport]) do not run here: the partial methods they
    // complete lack a body (CS8795), which leaves their out arguments unassigned (CS0165, CS0170, CS0177).
    private static readonly HashSet<string> GeneratorGaps = ["CS8795", "CS0165", "CS0170", "CS0177"];

    public IReadOnlyList<Diagnostic> Errors => compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !GeneratorGaps.Contains(d.Id)).ToList();

    /// <summary>The cases' sources (path, text), compiled against the assemblies the suite's tests run with.</summary>
    public static HarnessTaint Of(IEnumerable<(string Path, string Text)> sources)
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var usings = "global using System; global using System.IO; global using System.Linq; global using System.Collections.Generic; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, options, s.Path))
            .Append(CSharpSyntaxTree.ParseText(usings, options, "GlobalUsings.g.cs"));
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var own = new[] { "OsConformance.Protocol.dll", "nunit.framework.dll", "Mono.Unix.dll" }.Select(f => Path.Combine(AppContext.BaseDirectory, f));
        var references = platform.Concat(own).Where(File.Exists).Distinct().Select(p => MetadataReference.CreateFromFile(p));
        return new HarnessTaint(CSharpCompilation.Create("cases-taint", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable)));
    }

    /// <summary>Every check that judges a harness value with another; exempt: those in [JudgesConsistency] methods.</summary>
    public (IReadOnlyList<TrustFinding> Findings, IReadOnlyList<TrustFinding> Exempt) Analyze()
    {
        var findings = new List<TrustFinding>();
        var exempt = new List<TrustFinding>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var member in tree.GetRoot().DescendantNodes().OfType<MemberDeclarationSyntax>()
                         .Where(m => m is BaseMethodDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax))
            {
                var scope = Scope(model, member, TopLevelParameters(model, member));
                foreach (var call in member.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol m || m.ContainingType?.Name != "Verdict" || Ns(m) != InfraNs)
                        continue;
                    var args = call.ArgumentList.Arguments;
                    var pairs = m.Name switch
                    {
                        "Equal" when args.Count >= 2 => [(args[0].Expression, args[1].Expression)],
                        "That" when args.Count >= 1 => ComparedPairs(model, args[0].Expression).ToList(),
                        _ => new List<(ExpressionSyntax, ExpressionSyntax)>(),
                    };
                    foreach (var (a, b) in pairs)
                    {
                        if (!Tainted(model, a, scope) || !Tainted(model, b, scope) || OneValue(model, a, b, scope))
                            continue;
                        var line = call.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                        var symbol = model.GetDeclaredSymbol(member);
                        var f = new TrustFinding(tree.FilePath, line, $"{symbol?.ContainingType?.Name}.{symbol?.Name}", Short(a), Short(b));
                        (IsConsistencyCase(symbol) ? exempt : findings).Add(f);
                    }
                }
            }
        }
        return (findings, exempt);
    }

    // n.Value == Math.Floor(n.Value): a property of one value (an integer), not one value judged by another.
    private static bool OneValue(SemanticModel model, ExpressionSyntax a, ExpressionSyntax b, HashSet<ISymbol> scope)
    {
        HashSet<ISymbol>? Roots(ExpressionSyntax e)
        {
            var roots = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var n in e.DescendantNodesAndSelf())
            {
                if (n is InvocationExpressionSyntax && model.GetSymbolInfo(n).Symbol is IMethodSymbol m && IsHarnessCall(m))
                    return null;
                if (n is IdentifierNameSyntax && model.GetSymbolInfo(n).Symbol is { } s && (scope.Contains(s) || IsSourceMember(s)))
                    roots.Add(s);
            }
            return roots;
        }
        var (ra, rb) = (Roots(a), Roots(b));
        string ta = a.ToString().Replace(" ", ""), tb = b.ToString().Replace(" ", "");
        return ra is { Count: 1 } && rb is not null && ra.SetEquals(rb) && (ta.Contains(tb, StringComparison.Ordinal) || tb.Contains(ta, StringComparison.Ordinal));
    }

    private static string Short(SyntaxNode n)
    {
        string s = string.Join(" ", n.ToString().Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(x => x.Trim()));
        return s.Length <= 100 ? s : s[..99] + "…";
    }

    private static bool IsConsistencyCase(ISymbol? s) =>
        s?.GetAttributes().Any(a => a.AttributeClass?.Name == "JudgesConsistencyAttribute") == true;

    private static string Ns(ISymbol s) => s.ContainingNamespace?.ToDisplayString() ?? "";

    // The two sides of each comparison in a condition: ==, !=, <, >, and Equals/SequenceEqual/Contains/... calls.
    private static IEnumerable<(ExpressionSyntax, ExpressionSyntax)> ComparedPairs(SemanticModel model, ExpressionSyntax condition)
    {
        foreach (var n in condition.DescendantNodesAndSelf())
        {
            if (n is BinaryExpressionSyntax b && b.Kind() is SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression
                    or SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression or SyntaxKind.GreaterThanOrEqualExpression)
                yield return (b.Left, b.Right);
            else if (n is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax ma } inv && Comparisons.Contains(ma.Name.Identifier.Text)
                     && inv.ArgumentList.Arguments.Count >= 1)
                yield return (ma.Expression, inv.ArgumentList.Arguments[0].Expression);
        }
    }

    // A case's own parameters are the table's data; a helper's parameters typed as protocol values carry the harness's word.
    private static HashSet<ISymbol> TopLevelParameters(SemanticModel model, MemberDeclarationSyntax member) =>
        member is BaseMethodDeclarationSyntax { ParameterList: { } list }
            ? list.Parameters.Select(p => model.GetDeclaredSymbol(p)).OfType<IParameterSymbol>().Where(p => IsProtocolValue(p.Type)).Cast<ISymbol>().ToHashSet(SymbolEqualityComparer.Default)
            : new HashSet<ISymbol>(SymbolEqualityComparer.Default);

    private static bool IsProtocolValue(ITypeSymbol t) => t switch
    {
        IArrayTypeSymbol a => IsProtocolValue(a.ElementType),
        INamedTypeSymbol n when n.IsGenericType && n.TypeArguments.Any(IsProtocolValue) => true,
        _ => Ns(t) == ProtocolNs && t.Name is not ("HarnessProcess" or "HarnessOptions" or "ForkStep" or "ProcessEnd"),
    };

    /// <summary>The symbols of a member's body that hold harness data: a fixpoint over its bindings.</summary>
    private HashSet<ISymbol> Scope(SemanticModel model, SyntaxNode body, HashSet<ISymbol> initial)
    {
        var scope = new HashSet<ISymbol>(initial, SymbolEqualityComparer.Default);
        var nodes = body.DescendantNodes().ToList();
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var n in nodes)
            {
                foreach (var (symbol, source, element) in Bindings(model, n))
                    if (symbol is not null && !scope.Contains(symbol) && source is not null
                        && (element is int i ? ElementTainted(model, source, i, scope) : Tainted(model, source, scope)))
                        changed |= scope.Add(symbol);
            }
        }
        return scope;
    }

    // Each binding a node makes: the symbol bound, the expression whose taint it takes, and which element
    // of it when a deconstruction takes one: var (props, kernel) = StatOf(kind).
    private static IEnumerable<(ISymbol?, ExpressionSyntax?, int?)> Bindings(SemanticModel model, SyntaxNode n)
    {
        switch (n)
        {
            case VariableDeclaratorSyntax { Initializer: { } init } v:
                yield return (model.GetDeclaredSymbol(v), init.Value, null);
                break;
            case AssignmentExpressionSyntax a:
            {
                // A deconstruction takes each element from its own place: var (props, kernel) = StatOf(kind).
                var targets = Targets(a.Left).ToList();
                for (int i = 0; i < targets.Count; i++)
                    yield return (model.GetSymbolInfo(targets[i]).Symbol ?? model.GetDeclaredSymbol(targets[i]), a.Right,
                        a.Left is TupleExpressionSyntax or DeclarationExpressionSyntax { Designation: ParenthesizedVariableDesignationSyntax } ? i : null);
                break;
            }
            case ForEachStatementSyntax f:
                yield return (model.GetDeclaredSymbol(f), f.Expression, null);
                break;
            case ForEachVariableStatementSyntax fv:
                foreach (var d in fv.Variable.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>())
                    yield return (model.GetDeclaredSymbol(d), fv.Expression, null);
                break;
            case SingleVariableDesignationSyntax d when Governing(d) is { } g:
                yield return (model.GetDeclaredSymbol(d), g, null);
                break;
            case ParameterSyntax p when p.Parent?.Parent is LambdaExpressionSyntax or AnonymousMethodExpressionSyntax || p.Parent is SimpleLambdaExpressionSyntax:
                foreach (var src in LambdaSources(p))
                    yield return (model.GetDeclaredSymbol(p), src, null);
                break;
        }
    }

    private static IEnumerable<SyntaxNode> Targets(ExpressionSyntax left) => left switch
    {
        TupleExpressionSyntax t => t.Arguments.SelectMany(x => Targets(x.Expression)),
        DeclarationExpressionSyntax d => d.Designation.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>(),
        _ => [left],
    };

    // A pattern variable takes the tested value; an out variable the call's result; a deconstruction its source.
    private static ExpressionSyntax? Governing(SingleVariableDesignationSyntax d)
    {
        for (SyntaxNode? n = d.Parent; n is not null; n = n.Parent)
        {
            switch (n)
            {
                case IsPatternExpressionSyntax ip: return ip.Expression;
                case SwitchExpressionSyntax se: return se.GoverningExpression;
                case SwitchStatementSyntax ss: return ss.Expression;
                case ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax inv } arg when arg.RefKindKeyword.IsKind(SyntaxKind.OutKeyword): return inv;
                case AssignmentExpressionSyntax:
                case StatementSyntax:
                case LambdaExpressionSyntax:
                    return null;
            }
        }
        return null;
    }

    // A lambda's parameter takes what the call it is given to works on: xs.Select(x => ...) gives x from xs
    // (the receiver and the other arguments; not the lambda's own body, which may use harness data itself).
    private static IEnumerable<ExpressionSyntax> LambdaSources(ParameterSyntax p)
    {
        var lambda = p.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>();
        if (lambda?.Parent is not ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax inv } own)
            yield break;
        if (inv.Expression is MemberAccessExpressionSyntax ma)
            yield return ma.Expression;
        foreach (var a in inv.ArgumentList.Arguments)
            if (a != own)
                yield return a.Expression;
    }

    // Element i of a deconstructed value: of a tuple literal, or of the tuple literals a method of the cases returns.
    private bool ElementTainted(SemanticModel model, ExpressionSyntax source, int i, HashSet<ISymbol> scope)
    {
        if (source is TupleExpressionSyntax t && i < t.Arguments.Count)
            return Tainted(model, t.Arguments[i].Expression, scope);
        if (source is InvocationExpressionSyntax inv && model.GetSymbolInfo(inv).Symbol is IMethodSymbol m && InSource(m.OriginalDefinition)
            && !IsHarnessCall(m) && !Ns(m).StartsWith(OraclesNs, StringComparison.Ordinal))
        {
            int mask = ArgumentMask(model, inv, m, scope);
            return Summary(m.OriginalDefinition, mask, i);
        }
        return Tainted(model, source, scope);
    }

    private bool InSource(IMethodSymbol definition) =>
        definition.DeclaringSyntaxReferences.Length > 0 && compilation.SyntaxTrees.Contains(definition.DeclaringSyntaxReferences[0].SyntaxTree);

    public bool Tainted(SemanticModel model, ExpressionSyntax e, HashSet<ISymbol> scope)
    {
        switch (e)
        {
            case LiteralExpressionSyntax or TypeOfExpressionSyntax or SizeOfExpressionSyntax or DefaultExpressionSyntax or PredefinedTypeSyntax:
                return false;
            case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" } }:
                return false;
            case IdentifierNameSyntax or GenericNameSyntax:
            {
                var s = model.GetSymbolInfo(e).Symbol;
                return s switch
                {
                    ILocalSymbol or IParameterSymbol or IRangeVariableSymbol => scope.Contains(s),
                    IPropertySymbol or IFieldSymbol => IsSourceMember(s) || scope.Contains(s),
                    _ => false,
                };
            }
            case MemberAccessExpressionSyntax ma:
            {
                var s = model.GetSymbolInfo(ma).Symbol;
                if (s is not null && IsSourceMember(s))
                    return true;
                if (s is not null && Ns(s) == ProtocolNs && s.ContainingType?.Name == "HarnessProcess")
                    return false; // h.Pid, h.End: the runner's own view
                if (model.GetSymbolInfo(ma.Expression).Symbol is INamespaceOrTypeSymbol)
                    return false;
                return Tainted(model, ma.Expression, scope);
            }
            case InvocationExpressionSyntax inv:
                return InvocationTainted(model, inv, scope);
            case ConditionalExpressionSyntax c:
                return Tainted(model, c.WhenTrue, scope) || Tainted(model, c.WhenFalse, scope);
            case AnonymousFunctionExpressionSyntax f:
                return f.ExpressionBody is { } body ? Tainted(model, body, scope)
                    : f.Block?.DescendantNodes().OfType<ReturnStatementSyntax>().Any(r => r.Expression is { } x && Tainted(model, x, scope)) == true;
            default:
                return AnyChild(model, e, scope);
        }
    }

    private bool AnyChild(SemanticModel model, SyntaxNode node, HashSet<ISymbol> scope)
    {
        foreach (var child in node.ChildNodes())
        {
            if (child is ExpressionSyntax x ? Tainted(model, x, scope) : child is not (TypeSyntax or ParameterListSyntax) && AnyChild(model, child, scope))
                return true;
        }
        return false;
    }

    private bool InvocationTainted(SemanticModel model, InvocationExpressionSyntax inv, HashSet<ISymbol> scope)
    {
        var args = inv.ArgumentList.Arguments;
        if (model.GetSymbolInfo(inv).Symbol is not IMethodSymbol m)
            return AnyChild(model, inv, scope);
        if (IsHarnessCall(m))
            return true;
        ExpressionSyntax? receiver = inv.Expression is MemberAccessExpressionSyntax ma && model.GetSymbolInfo(ma.Expression).Symbol is not INamespaceOrTypeSymbol ? ma.Expression : null;
        bool receiverTainted = receiver is not null && Tainted(model, receiver, scope);
        if (Ns(m).StartsWith(OraclesNs, StringComparison.Ordinal))
            return false; // the kernel's, the filesystem's or the headers' answer, whatever it was asked about
        var definition = (m.ReducedFrom ?? m).OriginalDefinition;
        if (m.MethodKind == MethodKind.LocalFunction)
            return args.Any(a => Tainted(model, a.Expression, scope)) || LocalFunctionReturns(model, definition, scope);
        if (InSource(definition))
            return Summary(definition, ArgumentMask(model, inv, m, scope)) || (!m.IsStatic && m.ReducedFrom is null && receiverTainted);
        return receiverTainted || args.Any(a => Tainted(model, a.Expression, scope));
    }

    // Which parameters of a method of the cases get harness data at this call (an extension's receiver is parameter 0).
    private int ArgumentMask(SemanticModel model, InvocationExpressionSyntax inv, IMethodSymbol m, HashSet<ISymbol> scope)
    {
        var definition = (m.ReducedFrom ?? m).OriginalDefinition;
        var args = inv.ArgumentList.Arguments;
        int mask = 0, offset = m.ReducedFrom is not null ? 1 : 0;
        if (m.ReducedFrom is not null && inv.Expression is MemberAccessExpressionSyntax ma && Tainted(model, ma.Expression, scope))
            mask |= 1;
        for (int i = 0; i < args.Count; i++)
        {
            int position = ParameterIndex(m, args[i], i) + offset;
            if (position < 31 && definition.Parameters.Length > 0 && Tainted(model, args[i].Expression, scope))
                mask |= 1 << Math.Min(position, definition.Parameters.Length - 1);
        }
        return mask;
    }

    private static int ParameterIndex(IMethodSymbol m, ArgumentSyntax a, int i)
    {
        if (a.NameColon is { } name)
        {
            int k = m.Parameters.IndexOf(m.Parameters.FirstOrDefault(p => p.Name == name.Name.Identifier.Text)!);
            return k < 0 ? i : k;
        }
        return Math.Min(i, Math.Max(0, m.Parameters.Length - 1)); // params arrays: the last parameter
    }

    private bool LocalFunctionReturns(SemanticModel model, IMethodSymbol local, HashSet<ISymbol> scope) =>
        local.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<LocalFunctionStatementSyntax>().Any(f =>
            f.ExpressionBody is { } b ? Tainted(model, b.Expression, scope)
                : f.Body?.DescendantNodes().OfType<ReturnStatementSyntax>().Any(r => r.Expression is { } x && Tainted(model, x, scope)) == true);

    private static bool IsHarnessCall(IMethodSymbol m) =>
        Ns(m) == ProtocolNs && (m.ContainingType.Name == "ForkReport" || m.ContainingType.Name == "HarnessProcess" && !RunnerMembers.Contains(m.Name));

    // The fixture's Info (the start reply) and any other member of HarnessProcess (its transcript) that is not the runner's.
    private static bool IsSourceMember(ISymbol s) =>
        s is IPropertySymbol { Name: "Info" } p && p.ContainingType.Name == "ConformanceFixture"
        || s is IPropertySymbol or IFieldSymbol && Ns(s) == ProtocolNs && s.ContainingType?.Name == "HarnessProcess" && !RunnerMembers.Contains(s.Name);

    /// <summary>Whether a method of the cases returns harness data when the arguments in mask carry it
    /// (element: only that element of the tuple literals it returns; -1: the whole value).</summary>
    private bool Summary(IMethodSymbol m, int mask, int element = -1)
    {
        var key = (m, mask, element);
        if (summaries.TryGetValue(key, out bool known))
            return known;
        if (!inProgress.Add(key))
            return false; // recursion: assume clean while the summary is being made
        bool result = false;
        foreach (var reference in m.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            var model = compilation.GetSemanticModel(syntax.SyntaxTree);
            var initial = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            for (int i = 0; i < m.Parameters.Length && i < 31; i++)
                if ((mask & (1 << i)) != 0)
                    initial.Add(m.Parameters[i]);
            var scope = Scope(model, syntax, initial);
            IEnumerable<ExpressionSyntax> returns = syntax switch
            {
                MethodDeclarationSyntax { ExpressionBody: { } b } => [b.Expression],
                PropertyDeclarationSyntax { ExpressionBody: { } b } => [b.Expression],
                _ => [],
            };
            returns = returns.Concat(syntax.DescendantNodes().OfType<ReturnStatementSyntax>().Where(r => r.Expression is not null).Select(r => r.Expression!))
                .Concat(syntax.DescendantNodes().OfType<YieldStatementSyntax>().Where(y => y.Expression is not null).Select(y => y.Expression!));
            if (returns.Any(r => element >= 0 ? ElementTainted(model, r, element, scope) : Tainted(model, r, scope)))
                result = true;
        }
        inProgress.Remove(key);
        summaries[key] = result;
        return result;
    }
}
