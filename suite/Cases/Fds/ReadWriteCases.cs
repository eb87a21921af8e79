using System.Text;
using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using static OsConformance.Suite.Fds.FdSupport;

namespace OsConformance.Suite.Fds;

/// <summary>read and write: data checked against bytes the runner put in or reads back from files itself.</summary>
public sealed class ReadWriteCases : ConformanceFixture
{
    private const string ReadData = "Read data from the file descriptor.";
    private const string Amount = "nread – Amount of data to receive.";
    private const string Default4096 = "If not specified it defaults to 4096.";
    private const string BufferArg = "Alternatively, a Buffer can be passed, and data will be read into it.";
    private const string ReadReturns = "The data that was read as a string or the amount of data read as a number, if a Buffer was passed.";
    private const string ReadString = "docs/decisions.md#read-string";
    private const string WriteData = "Write data on the file descriptor.";
    private const string WriteArg = "data – The data that will be written (can be a string or a Buffer).";
    private const string WriteReturns = "The number of bytes from data which were actually written.";

    /// <summary>A file the runner wrote, opened read-only in the harness.</summary>
    private int FileWith(HarnessProcess h, byte[] content, string flags = "r")
    {
        string path = InCaseDir("data.bin");
        File.WriteAllBytes(path, content);
        return Fd(h.Call("open", path, flags), $"open(data.bin, '{flags}')");
    }

    private static byte[] Ascii(int n) => Enumerable.Range(0, n).Select(i => (byte)('a' + i % 26)).ToArray();

    // ---- read

    [Test, Case("read/default/4096-from-pipe", "read", Spec = Default4096, Tags = "fds")]
    public void DefaultIs4096FromAPipe()
    {
        using var h = StartHarness("pipe", "write");
        var (r, w) = Pipe(h);
        var data = Ascii(5000);
        Verdict.Equal<JsValue>(5000, Verdict.Returns(h.Call("write", w, data), "write(pipe, 5000 bytes)"), "write(pipe, 5000 bytes)");
        var value = Verdict.Returns(h.Call("read", r), "read(fd)");
        Verdict.Equal(Encoding.ASCII.GetString(data, 0, 4096), DataOf(value, "read(fd)"), "read(fd) with 5000 bytes waiting");
    }

    [Test, Case("read/default/4096-from-file", "read", Spec = Default4096, Tags = "fds")]
    public void DefaultIs4096FromAFile()
    {
        using var h = StartHarness("open");
        var data = Ascii(10000);
        int fd = FileWith(h, data);
        var value = Verdict.Returns(h.Call("read", fd), "read(fd)");
        Verdict.Equal(Encoding.ASCII.GetString(data, 0, 4096), DataOf(value, "read(fd)"), "read(fd) on a 10000-byte file");
    }

    [Test, Case("read/default/explicit-undefined", "read", Spec = Default4096, Tags = "fds")]
    public void UndefinedIsTheDefault()
    {
        using var h = StartHarness("open");
        var data = Ascii(5000);
        int fd = FileWith(h, data);
        var value = Verdict.Returns(h.Call("read", fd, JsValue.Undefined), "read(fd, undefined)");
        Verdict.Equal(Encoding.ASCII.GetString(data, 0, 4096), DataOf(value, "read(fd)"), "read(fd, undefined) on a 5000-byte file");
    }

    public static IEnumerable<TestCaseData> Amounts() =>
        new[] { 1, 3, 7, 10, 4095, 4097, 8192 }.Select(n =>
            CaseData.Of($"read/nread/{n}/at-most-n", "read", spec: Amount, tags: "fds", args: n));

    [TestCaseSource(nameof(Amounts))]
    public void ReadsAtMostN(int n)
    {
        using var h = StartHarness("open");
        var data = Ascii(20000);
        int fd = FileWith(h, data);
        var value = Verdict.Returns(h.Call("read", fd, n), $"read(fd, {n})");
        // A regular file with enough bytes gives exactly n.
        Verdict.Equal(Encoding.ASCII.GetString(data, 0, n), DataOf(value, $"read(fd, {n})"), $"read(fd, {n}) on a 20000-byte file");
    }

    [Test, Case("read/nread/partial/pipe-holds-less", "read", Spec = Amount, Tags = "fds")]
    public void PartialRead()
    {
        using var h = StartHarness("pipe", "write");
        var (r, w) = Pipe(h);
        Verdict.Returns(h.Call("write", w, "0123456789"), "write(pipe, 10 bytes)");
        Verdict.Equal("0123456789", DataOf(Verdict.Returns(h.Call("read", r, 100), "read(fd, 100)"), "read(fd, 100)"), "read(fd, 100) with 10 bytes in the pipe");
    }

    [Test, Case("read/nread/sequential-reads-advance", "read", Spec = ReadData, Tags = "fds")]
    public void SequentialReads()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("abcdefgh"));
        Verdict.Equal("abc", DataOf(Verdict.Returns(h.Call("read", fd, 3), "read(fd, 3)"), "read(fd, 3)"), "first read(fd, 3)");
        Verdict.Equal("def", DataOf(Verdict.Returns(h.Call("read", fd, 3), "read(fd, 3)"), "read(fd, 3)"), "second read(fd, 3)");
        Verdict.Equal("gh", DataOf(Verdict.Returns(h.Call("read", fd, 3), "read(fd, 3)"), "read(fd, 3)"), "third read(fd, 3)");
    }

    [Test, Case("read/eof/file-returns-empty", "read", Spec = ReadData, Tags = "fds")]
    public void FileEof()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("ab"));
        Verdict.Returns(h.Call("read", fd, 10), "read(fd, 10)");
        Verdict.Equal("", DataOf(Verdict.Returns(h.Call("read", fd, 10), "read(fd, 10) at end of file"), "read(fd, 10) at end of file"), "read(fd, 10) at end of file");
    }

    [Test, Case("read/eof/pipe-after-write-end-closed", "read", Spec = ReadData, Tags = "fds")]
    public void PipeEof()
    {
        using var h = StartHarness("pipe", "write", "close");
        var (r, w) = Pipe(h);
        Verdict.Returns(h.Call("write", w, "xy"), "write(pipe, 'xy')");
        Verdict.Returns(h.Call("close", w), "close(write end)");
        Verdict.Equal("xy", DataOf(Verdict.Returns(h.Call("read", r, 10), "read(r, 10)"), "read(r, 10)"), "read(r, 10) before EOF");
        Verdict.Equal("", DataOf(Verdict.Returns(h.Call("read", r, 10), "read(r, 10) at EOF"), "read(r, 10) at EOF"), "read(r, 10) at EOF");
    }

    [Test, Case("read/returns/string", "read", Spec = ReadReturns, Tags = "fds")]
    public void ReturnsAString()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("hello"));
        var value = Verdict.Returns(h.Call("read", fd, 5), "read(fd, 5)");
        Verdict.That(value is JsString, "read(fd, 5)", "a String", $"{value.GetType().Name[2..]} {value}");
    }

    [Test, Case("read/returns/string-without-nread", "read", Spec = ReadReturns, Tags = "fds")]
    public void ReturnsAStringByDefault()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("hello"));
        var value = Verdict.Returns(h.Call("read", fd), "read(fd)");
        Verdict.That(value is JsString, "read(fd)", "a String", $"{value.GetType().Name[2..]} {value}");
    }

    [Test, Case("read/buffer/returns-count", "read", Spec = ReadReturns, Tags = "fds")]
    public void BufferFormReturnsTheCount()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("hello"));
        Verdict.Equal<JsValue>(5, Verdict.Returns(h.Call("read", fd, new byte[16]), "read(fd, Buffer(16))"), "read(fd, Buffer(16)) on a 5-byte file");
    }

    [Test, Case("read/buffer/filled-with-data", "read", Spec = BufferArg, Tags = "fds")]
    public void BufferIsFilled()
    {
        using var h = StartHarness("open");
        var data = new byte[] { 0x00, 0xff, 0x10, 0x80, 0x7f, 0xc3 };
        int fd = FileWith(h, data);
        var outcome = h.Call("read", fd, new byte[6]);
        Verdict.Returns(outcome, "read(fd, Buffer(6))");
        Verdict.That(outcome.Buffers.ContainsKey(1), "read(fd, Buffer(6))", "the Buffer argument reported filled", "no filled Buffer in the reply");
        Verdict.Equal(Convert.ToHexStringLower(data), Convert.ToHexStringLower(outcome.Buffers[1]), "the filled Buffer (binary bytes)");
    }

    [Test, Case("read/buffer/larger-than-data", "read", Spec = BufferArg, Tags = "fds")]
    public void BufferLargerThanData()
    {
        using var h = StartHarness("pipe", "write");
        var (r, w) = Pipe(h);
        Verdict.Returns(h.Call("write", w, "0123456789"), "write(pipe, 10 bytes)");
        var outcome = h.Call("read", r, new byte[32]);
        Verdict.Equal<JsValue>(10, Verdict.Returns(outcome, "read(r, Buffer(32))"), "read(r, Buffer(32)) with 10 bytes in the pipe");
        var filled = outcome.Buffers.GetValueOrDefault(1) ?? [];
        Verdict.Equal("0123456789" + new string('\0', 22), Encoding.ASCII.GetString(filled), "the Buffer after the read");
    }

    [Test, Case("read/buffer/size-limits-read", "read", Spec = BufferArg, Tags = "fds")]
    public void BufferSizeLimits()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("abcdefghij"));
        var outcome = h.Call("read", fd, new byte[4]);
        Verdict.Equal<JsValue>(4, Verdict.Returns(outcome, "read(fd, Buffer(4))"), "read(fd, Buffer(4)) on a 10-byte file");
        Verdict.Equal("efghij", ReadText(h, fd, 100, "read(fd, Buffer(100))"), "the next read after a 4-byte Buffer read");
    }

    [Test, Case("read/errors/closed-fd/ebadf", "read", Spec = ReadData, Tags = "fds")]
    public void ReadClosed()
    {
        using var h = StartHarness("open", "close");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("abc"));
        Verdict.Returns(h.Call("close", fd), "close(fd)");
        Verdict.Throws(h.Call("read", fd, 10), "EBADF", "read(closed fd, 10)");
    }

    [Test, Case("read/errors/closed-fd-buffer/ebadf", "read", Spec = BufferArg, Tags = "fds")]
    public void ReadClosedIntoBuffer()
    {
        using var h = StartHarness("open", "close");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("abc"));
        Verdict.Returns(h.Call("close", fd), "close(fd)");
        Verdict.Throws(h.Call("read", fd, new byte[8]), "EBADF", "read(closed fd, Buffer(8))");
    }

    [Test, Case("read/errors/write-only-file/ebadf", "read", Spec = ReadData, Tags = "fds")]
    public void ReadWriteOnly()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("abc"), "a");
        Verdict.Throws(h.Call("read", fd, 10), "EBADF", "read(write-only fd, 10)");
    }

    [Test, Case("read/errors/directory/eisdir", "read", Spec = ReadData, Tags = "fds,linux-only")]
    public void ReadDirectory()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", CaseDir, "r"), "open(case dir, 'r')");
        Verdict.Throws(h.Call("read", fd), "EISDIR", "read(directory fd)");
    }

    // decision read-string
    [Test, Case("read/nread/0/returns-empty", "read", Decision = ReadString, Tags = "fds")]
    public void ZeroReadsNothing()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("hello"));
        Verdict.Equal<JsValue>("", Verdict.Returns(h.Call("read", fd, 0), "read(fd, 0)"), "read(fd, 0) on a 5-byte file");
    }

    [Test, Case("read/nread/0/consumes-nothing", "read", Decision = ReadString, Tags = "fds")]
    public void ZeroLeavesTheData()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("hello"));
        h.Call("read", fd, 0);
        Verdict.Equal("hello", ReadText(h, fd, 100, "read(fd, Buffer(100))"), "read(fd, Buffer(100)) after read(fd, 0)");
    }

    [Test, Case("read/nread/negative/range-error", "read", Decision = ReadString, Tags = "fds")]
    public void NegativeIsRangeError()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("hello"));
        Verdict.ThrowsKind(h.Call("read", fd, -1), "range", "read(fd, -1)");
    }

    [Test, Case("read/nread/negative/consumes-nothing", "read", Decision = ReadString, Tags = "fds")]
    public void NegativeLeavesTheData()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("hello"));
        h.Call("read", fd, -1);
        Verdict.Equal("hello", ReadText(h, fd, 100, "read(fd, Buffer(100))"), "read(fd, Buffer(100)) after read(fd, -1)");
    }

    [Test, Case("read/buffer/empty/range-error", "read", Decision = ReadString, Tags = "fds")]
    public void EmptyBufferIsRangeError()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("hello"));
        Verdict.ThrowsKind(h.Call("read", fd, Array.Empty<byte>()), "range", "read(fd, Buffer(0))");
    }

    [Test, Case("read/utf8/invalid-becomes-replacement", "read", Decision = ReadString, Tags = "fds")]
    public void InvalidUtf8()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, [0x61, 0xff, 0x62]);
        Verdict.Equal<JsValue>("a\uFFFDb", Verdict.Returns(h.Call("read", fd, 10), "read(fd, 10)"), "read of bytes 61 ff 62");
    }

    [Test, Case("read/utf8/multibyte-decoded", "read", Decision = ReadString, Tags = "fds")]
    public void MultibyteUtf8()
    {
        using var h = StartHarness("open");
        const string text = "é€ü ñ";
        int fd = FileWith(h, Encoding.UTF8.GetBytes(text));
        Verdict.Equal<JsValue>(text, Verdict.Returns(h.Call("read", fd, 100), "read(fd, 100)"), "read of UTF-8 text");
    }

    [Test, Case("read/utf8/astral-decoded", "read", Decision = ReadString, Tags = "fds")]
    public void AstralUtf8()
    {
        using var h = StartHarness("open");
        const string text = "x😀y";
        int fd = FileWith(h, Encoding.UTF8.GetBytes(text));
        Verdict.Equal<JsValue>(text, Verdict.Returns(h.Call("read", fd, 100), "read(fd, 100)"), "read of f09f9880 (U+1F600) as UTF-8");
    }

    // NUL bytes are data: a C-string conversion would end the string (or the write) at the first one.
    private const string WithNuls = "a\0b\0\0é€\0z";

    [Test, Case("read/utf8/nul-bytes-kept", "read", Decision = ReadString, Tags = "fds")]
    public void NulBytesAreKept()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.UTF8.GetBytes(WithNuls));
        Verdict.Equal<JsValue>(WithNuls, Verdict.Returns(h.Call("read", fd, 100), "read(fd, 100)"), "read of 61 00 62 00 00 c3a9 e282ac 00 7a");
    }

    [Test, Case("read/default/nul-bytes-kept", "read", Decision = ReadString, Tags = "fds")]
    public void NulBytesAreKeptWithoutNread()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.UTF8.GetBytes(WithNuls));
        Verdict.Equal<JsValue>(WithNuls, Verdict.Returns(h.Call("read", fd), "read(fd)"), "read of 61 00 62 00 00 c3a9 e282ac 00 7a");
    }

    [Test, Case("read/nonblock/empty-pipe/eagain", "read", Spec = ReadData, Tags = "fds")]
    public void NonblockingEmptyPipe()
    {
        using var h = StartHarness("pipe", "nonblock");
        var (r, _) = Pipe(h);
        Verdict.Returns(h.Call("nonblock", r, true), "nonblock(r, true)");
        Verdict.Throws(h.Call("read", r), "EAGAIN", "read(empty non-blocking pipe)");
    }

    [Test, Case("read/nonblock/data-is-returned", "read", Spec = ReadData, Tags = "fds")]
    public void NonblockingPipeWithData()
    {
        using var h = StartHarness("pipe", "nonblock", "write");
        var (r, w) = Pipe(h);
        Verdict.Returns(h.Call("nonblock", r, true), "nonblock(r, true)");
        Verdict.Returns(h.Call("write", w, "ready"), "write(w, 'ready')");
        Verdict.Equal("ready", DataOf(Verdict.Returns(h.Call("read", r, 100), "read(r, 100)"), "read(r, 100)"), "read(non-blocking pipe holding 'ready', 100)");
    }

    // ---- write

    [Test, Case("write/string/returns-byte-count", "write", Spec = WriteReturns, Tags = "fds")]
    public void StringCount()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("out.txt"), "w"), "open(out.txt, 'w')");
        Verdict.Equal<JsValue>(11, Verdict.Returns(h.Call("write", fd, "hello world"), "write(fd, 'hello world')"), "write(fd, 'hello world')");
    }

    [Test, Case("write/string/bytes-land-in-file", "write", Spec = WriteData, Tags = "fds")]
    public void StringLands()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("out.txt"), "w"), "open(out.txt, 'w')");
        Verdict.Returns(h.Call("write", fd, "hello world\n"), "write(fd, 'hello world\\n')");
        Verdict.Equal("68656c6c6f20776f726c640a", Convert.ToHexStringLower(File.ReadAllBytes(InCaseDir("out.txt"))), "bytes in the file");
    }

    [Test, Case("write/string/nul-bytes-written", "write", Spec = WriteData, Tags = "fds")]
    public void StringWithNulsLands()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("out.txt"), "w"), "open(out.txt, 'w')");
        Verdict.Returns(h.Call("write", fd, WithNuls), "write(fd, 'a\\0b\\0\\0é€\\0z')");
        Verdict.Equal(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(WithNuls)), Convert.ToHexStringLower(File.ReadAllBytes(InCaseDir("out.txt"))), "bytes in the file");
    }

    [Test, Case("write/string/nul-bytes-counted", "write", Spec = WriteReturns, Tags = "fds")]
    public void StringWithNulsCount()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("out.txt"), "w"), "open(out.txt, 'w')");
        // 7 one-byte characters (4 of them NUL), é 2 bytes and € 3: 12.
        Verdict.Equal<JsValue>(12, Verdict.Returns(h.Call("write", fd, WithNuls), "write(fd, 'a\\0b\\0\\0é€\\0z')"), "write(fd, 'a\\0b\\0\\0é€\\0z') (UTF-8 bytes)");
    }

    [Test, Case("write/string/non-ascii-returns-utf8-count", "write", Spec = WriteReturns, Tags = "fds")]
    public void NonAsciiCount()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("out.txt"), "w"), "open(out.txt, 'w')");
        // é is 2 bytes, € 3: 1 + 2 + 3 = 6.
        Verdict.Equal<JsValue>(6, Verdict.Returns(h.Call("write", fd, "aé€"), "write(fd, 'aé€')"), "write(fd, 'aé€') (UTF-8 bytes)");
    }

    [Test, Case("write/string/non-ascii-bytes-are-utf8", "write", Decision = ReadString, Tags = "fds")]
    public void NonAsciiBytes()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("out.txt"), "w"), "open(out.txt, 'w')");
        Verdict.Returns(h.Call("write", fd, "aé€"), "write(fd, 'aé€')");
        Verdict.Equal(Convert.ToHexStringLower(Encoding.UTF8.GetBytes("aé€")), Convert.ToHexStringLower(File.ReadAllBytes(InCaseDir("out.txt"))), "bytes in the file");
    }

    [Test, Case("write/string/astral-is-utf8-not-cesu8", "write", Decision = ReadString, Tags = "fds")]
    public void AstralBytes()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("out.txt"), "w"), "open(out.txt, 'w')");
        Verdict.Returns(h.Call("write", fd, "😀"), "write(fd, '😀')");
        Verdict.Equal("f09f9880", Convert.ToHexStringLower(File.ReadAllBytes(InCaseDir("out.txt"))), "bytes of U+1F600 in the file");
    }

    [Test, Case("write/string/astral-returns-4", "write", Decision = ReadString, Tags = "fds")]
    public void AstralCount()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("out.txt"), "w"), "open(out.txt, 'w')");
        Verdict.Equal<JsValue>(4, Verdict.Returns(h.Call("write", fd, "😀"), "write(fd, '😀')"), "write(fd, '😀') (4 UTF-8 bytes)");
    }

    [Test, Case("write/string/empty-returns-0", "write", Spec = WriteReturns, Tags = "fds")]
    public void EmptyString()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("out.txt"), "w"), "open(out.txt, 'w')");
        Verdict.Equal<JsValue>(0, Verdict.Returns(h.Call("write", fd, ""), "write(fd, '')"), "write(fd, '')");
        Verdict.Equal(0L, new FileInfo(InCaseDir("out.txt")).Length, "file size after write(fd, '')");
    }

    [Test, Case("write/buffer/returns-length", "write", Spec = WriteReturns, Tags = "fds")]
    public void BufferCount()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("out.bin"), "w"), "open(out.bin, 'w')");
        Verdict.Equal<JsValue>(300, Verdict.Returns(h.Call("write", fd, new byte[300]), "write(fd, Buffer(300))"), "write(fd, Buffer(300))");
    }

    [Test, Case("write/buffer/binary-bytes-land", "write", Spec = WriteArg, Tags = "fds")]
    public void BufferLands()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("out.bin"), "w"), "open(out.bin, 'w')");
        var data = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Verdict.Returns(h.Call("write", fd, data), "write(fd, Buffer(0..255))");
        Verdict.Equal(Convert.ToHexStringLower(data), Convert.ToHexStringLower(File.ReadAllBytes(InCaseDir("out.bin"))), "bytes in the file");
    }

    [Test, Case("write/buffer/large-to-file", "write", Spec = WriteReturns, Tags = "fds")]
    public void LargeBuffer()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("out.bin"), "w"), "open(out.bin, 'w')");
        var data = Ascii(200000);
        Verdict.Equal<JsValue>(200000, Verdict.Returns(h.Call("write", fd, data), "write(fd, Buffer(200000))"), "write(fd, Buffer(200000)) to a regular file");
        Verdict.Equal(200000L, new FileInfo(InCaseDir("out.bin")).Length, "file size");
    }

    [Test, Case("write/sequential/writes-follow", "write", Spec = WriteData, Tags = "fds")]
    public void SequentialWrites()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("out.txt"), "w"), "open(out.txt, 'w')");
        Verdict.Returns(h.Call("write", fd, "ab"), "write(fd, 'ab')");
        Verdict.Returns(h.Call("write", fd, new byte[] { 0x63, 0x64 }), "write(fd, Buffer('cd'))");
        Verdict.Returns(h.Call("write", fd, "ef"), "write(fd, 'ef')");
        Verdict.Equal("abcdef", File.ReadAllText(InCaseDir("out.txt")), "file content after three writes");
    }

    [Test, Case("write/pipe/string-read-back", "write", Spec = WriteData, Tags = "fds")]
    public void PipeRoundTrip()
    {
        using var h = StartHarness("pipe", "read");
        var (r, w) = Pipe(h);
        Verdict.Equal<JsValue>(7, Verdict.Returns(h.Call("write", w, "ü-pipe"), "write(w, 'ü-pipe')"), "write(w, 'ü-pipe')");
        Verdict.Equal("ü-pipe", ReadText(h, r, 100, "read(r, Buffer(100))"), "read(r, 100)");
    }

    [Test, Case("write/errors/closed-fd/ebadf", "write", Spec = WriteData, Tags = "fds")]
    public void WriteClosed()
    {
        using var h = StartHarness("open", "close");
        int fd = Fd(h.Call("open", InCaseDir("out.txt"), "w"), "open(out.txt, 'w')");
        Verdict.Returns(h.Call("close", fd), "close(fd)");
        Verdict.Throws(h.Call("write", fd, "x"), "EBADF", "write(closed fd, 'x')");
    }

    [Test, Case("write/errors/closed-fd-buffer/ebadf", "write", Spec = WriteArg, Tags = "fds")]
    public void WriteClosedBuffer()
    {
        using var h = StartHarness("open", "close");
        int fd = Fd(h.Call("open", InCaseDir("out.txt"), "w"), "open(out.txt, 'w')");
        Verdict.Returns(h.Call("close", fd), "close(fd)");
        Verdict.Throws(h.Call("write", fd, new byte[] { 1, 2 }), "EBADF", "write(closed fd, Buffer(2))");
    }

    [Test, Case("write/errors/read-only-fd/ebadf", "write", Spec = WriteData, Tags = "fds")]
    public void WriteReadOnly()
    {
        using var h = StartHarness("open");
        int fd = FileWith(h, Encoding.ASCII.GetBytes("keep"));
        Verdict.Throws(h.Call("write", fd, "x"), "EBADF", "write(read-only fd, 'x')");
        Verdict.Equal("keep", File.ReadAllText(InCaseDir("data.bin")), "file content");
    }

    [Test, Case("write/errors/pipe-read-end/ebadf", "write", Spec = WriteData, Tags = "fds")]
    public void WriteReadEnd()
    {
        using var h = StartHarness("pipe");
        var (r, _) = Pipe(h);
        Verdict.Throws(h.Call("write", r, new byte[] { 1 }), "EBADF", "write(pipe read end, Buffer(1))");
    }
}
