import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import { ReportApp } from './ReportApp';

render(<ReportApp />, document.getElementById('app')!);
