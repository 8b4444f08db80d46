using Flamenco.Benchmarks;

// Figures, not tests. Run the Release build: see the README.
switch (args.FirstOrDefault())
{
    case "submit":
        await SubmissionBenchmark.RunAsync();
        break;
    case "load":
        await LoadBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1000, TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2]) : 20));
        break;
    case "ceiling":
        await LoadBenchmark.RunCeilingAsync(args.Length > 1 ? int.Parse(args[1]) : 1000, TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2]) : 20));
        break;
    case "overhead":
        var workerCounts = args.Skip(1).Select(int.Parse).ToArray();
        await OverheadBenchmark.RunAsync(workerCounts.Length > 0 ? workerCounts : [1, 4]);
        break;
    case "scheduler":
        SchedulerBenchmark.Run(args.Skip(1).Select(int.Parse).DefaultIfEmpty(0).ToArray());
        break;
    case "query":
        JobsQueryBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 100_000);
        break;
    default:
        Console.WriteLine("usage: Flamenco.Benchmarks submit | scheduler [stored tasks ...] | load [workers] [seconds] | ceiling [workers] [seconds] | overhead [worker counts] | query [stored jobs]");
        return 2;
}
return 0;
