// Flamenco's task status, not System.Threading.Tasks.TaskStatus, is the one this Manager talks about.
global using TaskStatus = Flamenco.Api.TaskStatus;
