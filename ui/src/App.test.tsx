import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from './App';
import { renderWithProviders } from './test/render';

describe('App', () => {
  it('shows the header and the three nav links', () => {
    renderWithProviders(<App />);

    expect(screen.getByText('Platform Builder')).toBeInTheDocument();
    expect(screen.getByTestId('nav-platforms')).toHaveTextContent('Platforms');
    expect(screen.getByTestId('nav-types')).toHaveTextContent('Platform types');
    expect(screen.getByTestId('nav-settings')).toHaveTextContent('Settings');
    expect(screen.getByRole('heading', { level: 2, name: 'Platforms' })).toBeInTheDocument();
  });

  it('navigates to the settings page', async () => {
    const user = userEvent.setup();
    renderWithProviders(<App />);

    expect(screen.queryByRole('heading', { level: 2, name: 'Settings' })).not.toBeInTheDocument();
    await user.click(screen.getByTestId('nav-settings'));

    expect(screen.getByRole('heading', { level: 2, name: 'Settings' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 2, name: 'Platforms' })).not.toBeInTheDocument();
    expect(screen.getByTestId('nav-settings')).toHaveAttribute('data-active', 'true');
  });
});
