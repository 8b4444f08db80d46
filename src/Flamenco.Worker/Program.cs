using Flamenco.Worker.Hosting;

return await WorkerProgram.RunAsync(args);
